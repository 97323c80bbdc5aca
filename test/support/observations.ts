import type { DetectionConfig } from '../../lambda/config/config-schema.js';
import { detectionSchema } from '../../lambda/config/config-schema.js';
import {
  type Observation,
  type OutcomeKind,
  observationId,
  type ResolverOutcome,
} from '../../lambda/domain/observation.js';
import type { Target } from '../../lambda/domain/targets.js';

export const RESOLVERS = ['10.0.0.1:53', '10.0.0.2:53', '10.0.0.3:53'];

export function target(overrides: Partial<Target> = {}): Target {
  return {
    id: 'dynamodb.us-east-1.amazonaws.com/A',
    name: 'dynamodb.us-east-1.amazonaws.com',
    type: 'A',
    mode: 'pool',
    resolvers: RESOLVERS,
    ...overrides,
  };
}

export const detection = (overrides: Partial<DetectionConfig> = {}): DetectionConfig => ({
  ...detectionSchema.parse({}),
  ...overrides,
});

export function outcome(resolver: string, kind: OutcomeKind, values: string[] = []): ResolverOutcome {
  return {
    resolver,
    kind,
    values: [...values].sort(),
    latencyMs: 3,
    ...(kind === 'ANSWER' ? { ttl: 5, rcode: 'NOERROR' } : {}),
    ...(kind === 'NODATA' ? { negativeTtl: 60, rcode: 'NOERROR' } : {}),
    ...(kind === 'NXDOMAIN' ? { negativeTtl: 60, rcode: 'NXDOMAIN' } : {}),
  };
}

/** An observation where every resolver says the same thing. */
export function observe(
  at: Date | string,
  kind: OutcomeKind,
  values: string[] = [],
  t: Target = target(),
): Observation {
  return observeEach(
    at,
    t.resolvers.map((r) => outcome(r, kind, values)),
    t,
  );
}

export function observeEach(
  at: Date | string,
  outcomes: ResolverOutcome[],
  t: Target = target(),
): Observation {
  const observedAt = typeof at === 'string' ? at : at.toISOString();
  return {
    id: observationId(t.id, 'dns-probe', observedAt, outcomes),
    targetId: t.id,
    source: 'dns-probe',
    observedAt,
    outcomes,
  };
}

/** Times 10 s apart from a fixed start, like the Lambda's probe loop. */
export function tick(i: number, start = Date.parse('2025-10-20T06:48:00.000Z'), stepMs = 10_000): Date {
  return new Date(start + i * stepMs);
}
