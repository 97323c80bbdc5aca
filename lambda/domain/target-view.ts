import * as z from '../shared/zod.js';
import type { TargetState } from './detectors/target-state.js';
import { OUTCOME_KINDS, type ResolverOutcome } from './observation.js';
import type { Target } from './targets.js';

/** What a watched target is now, in the words `lookout status` and the heartbeat use. */
export const CONDITIONS = [
  'healthy',
  'empty',
  'degraded',
  'flapping',
  'unreachable',
  'not probed yet',
] as const;
export type Condition = (typeof CONDITIONS)[number];

const outcomeSchema = z.object({
  resolver: z.string(),
  kind: z.enum(OUTCOME_KINDS),
  values: z.array(z.string()),
  ttl: z.optional(z.number()),
  negativeTtl: z.optional(z.number()),
  rcode: z.optional(z.string()),
  latencyMs: z.number(),
  detail: z.optional(z.string()),
  cnameChain: z.optional(z.array(z.string())),
});

/** One target as `lookout status` shows it (and as a running start publishes it in status.json). */
export const targetViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  mode: z.enum(['exact', 'pool']),
  resolvers: z.array(z.string()),
  condition: z.enum(CONDITIONS),
  /** When the current condition began (the first probe that looked like this). */
  since: z.optional(z.string()),
  /** The time of the latest probe this view is from. */
  lastProbeAt: z.optional(z.string()),
  /** What each resolver answered on that probe; absent when only the stored state is known. */
  answers: z.optional(z.array(outcomeSchema)),
  /** Why the latest round could not process this target (the store was unreachable, ...). */
  error: z.optional(z.string()),
  /** Who watched it from Slack (`/lookout watch`); absent for the config's targets. */
  watchedBy: z.optional(z.string()),
});
export type TargetView = z.infer<typeof targetViewSchema>;

/**
 * The condition the detectors' state describes: FLAPPING while it lasts, otherwise what the latest
 * look was (the streak), so a name that answers again reads `healthy` while its incident waits for
 * enough healthy probes to resolve.
 */
export function conditionOf(state: TargetState | undefined): { condition: Condition; since?: string } {
  if (state?.flapping) return { condition: 'flapping', since: state.flapping.since };
  const streak = state?.streak;
  if (!streak) return { condition: 'not probed yet' };
  const condition: Condition = streak.kind === 'present' ? 'healthy' : streak.kind;
  return { condition, since: streak.since };
}

/** A target's view from its latest probe (`answers`) or from its stored state alone. */
export function targetView(
  target: Target,
  state: TargetState | undefined,
  answers?: readonly ResolverOutcome[],
): TargetView {
  const { condition, since } = conditionOf(state);
  return {
    id: target.id,
    name: target.name,
    type: target.type,
    mode: target.mode,
    resolvers: [...target.resolvers],
    ...(target.watchedBy ? { watchedBy: target.watchedBy } : {}),
    condition,
    ...(since ? { since } : {}),
    ...(state?.lastObservedAt ? { lastProbeAt: state.lastObservedAt } : {}),
    ...((answers ?? state?.lastOutcomes)
      ? { answers: (answers ?? state?.lastOutcomes ?? []).map((a) => ({ ...a, values: [...a.values] })) }
      : {}),
  };
}

/** `12 targets healthy` or `13 targets: 11 healthy, 2 unreachable`, in CONDITIONS order. */
export function describeConditions(views: readonly Pick<TargetView, 'condition'>[]): string {
  const counts = new Map<Condition, number>();
  for (const v of views) counts.set(v.condition, (counts.get(v.condition) ?? 0) + 1);
  const noun = `${views.length} target${views.length === 1 ? '' : 's'}`;
  if (counts.size <= 1) return views[0] ? `${noun} ${views[0].condition}` : noun;
  const parts = CONDITIONS.filter((c) => counts.has(c)).map((c) => `${counts.get(c)} ${c}`);
  return `${noun}: ${parts.join(', ')}`;
}
