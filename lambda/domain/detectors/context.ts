import type { Observation } from '../observation.js';
import type { DetectionConfig } from '../settings.js';
import type { Signal, SignalKind } from '../signals.js';
import type { Target } from '../targets.js';
import type { Look } from './look.js';
import type { TargetState } from './target-state.js';

/** What every detector sees: the state before and after this observation's bookkeeping. */
export interface DetectorContext {
  target: Target;
  config: DetectionConfig;
  observation: Observation;
  look: Look;
  prev: TargetState;
  /** State after streaks, transitions and baseline were updated, before problems changed. */
  next: TargetState;
  /** Declared or learned answer count; undefined until enough healthy history exists. */
  baseline: number | undefined;
}

export type Detector = (ctx: DetectorContext) => Signal | undefined;

export function makeSignal(
  ctx: DetectorContext,
  kind: SignalKind,
  summary: string,
  facts: Record<string, string | number | boolean> = {},
): Signal {
  const { target, observation, look, baseline } = ctx;
  const base: Record<string, string | number | boolean> = {
    name: target.name,
    type: target.type,
    targetId: target.id,
    mode: target.mode,
    resolvers: target.resolvers.join(', '),
  };
  if (baseline !== undefined) base.baseline = baseline;
  if (look.kind === 'present') {
    base.count = look.count;
    if (look.ttl !== undefined) base.ttl = look.ttl;
  }
  if (look.kind === 'empty') {
    base.rcodes = look.rcodes.join('/');
    if (look.negativeTtl !== undefined) base.negativeTtl = look.negativeTtl;
  }
  return {
    kind,
    targetId: target.id,
    at: observation.observedAt,
    observationId: observation.id,
    summary,
    evidence: observation.outcomes,
    facts: { ...base, ...facts },
  };
}
