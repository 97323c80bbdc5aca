import { formatTime } from '../render/time.js';
import type { Signal } from '../signals.js';
import { type Detector, makeSignal } from './context.js';
import type { TargetState } from './target-state.js';

/**
 * The end of a problem: after M consecutive healthy probes the condition (EMPTY, DEGRADED, UNREACHABLE)
 * is over; FLAPPING also needs its transitions to have aged out of the window, so an oscillating record
 * stays one episode. When nothing is left it is RECOVERED; when the condition ends while the target is
 * still FLAPPING it is ENDED, so the incident's headline can say what is still wrong.
 */
export const detectEnded: Detector = (ctx) => {
  const { next, prev, config, target } = ctx;
  if (!prev.problem && !prev.flapping) return undefined;
  if (next.streak?.kind !== 'present' || next.streak.count < config.recoverAfterProbes) return undefined;
  const flappingGoesOn = Boolean(prev.flapping) && next.transitions.length >= config.flapTransitions;
  const healthySince = next.streak.since;
  const label = `${target.name} ${target.type}`;
  const healthy = `${next.streak.count} healthy probes in a row since ${formatTime(healthySince)}`;
  if (flappingGoesOn) {
    if (!prev.problem) return undefined;
    return makeSignal(
      ctx,
      'ENDED',
      `${label}: ${prev.problem.kind} ended (${healthy}); still FLAPPING: ${next.transitions.length} transitions within ${config.flapWindowSeconds} s`,
      { ended: prev.problem.kind, stillActive: 'FLAPPING', problemSince: prev.problem.since, healthySince },
    );
  }
  const was = [prev.problem?.kind, prev.flapping ? 'FLAPPING' : undefined].filter(Boolean).join(' and ');
  const since = prev.problem?.since ?? prev.flapping?.since ?? healthySince;
  const caches = cacheRecovery(prev, healthySince);
  return makeSignal(ctx, 'RECOVERED', `${label} RECOVERED from ${was}: ${healthy}${caches?.sentence ?? ''}`, {
    was,
    problemSince: since,
    healthySince,
    ...(caches?.facts ?? {}),
  });
};

/**
 * When clients that cached the bad answer recover: a resolver may have cached it until the fix (at the
 * latest the first healthy probe) for up to the longest TTL seen on it. Said only when a TTL was seen.
 */
function cacheRecovery(
  prev: TargetState,
  healthySince: string,
): { sentence: string; facts: Signal['facts'] } | undefined {
  const ttl = prev.problem?.cacheTtl ?? prev.flapping?.cacheTtl;
  if (ttl === undefined) return undefined;
  const by = new Date(Date.parse(healthySince) + ttl * 1000).toISOString();
  const what =
    prev.problem?.kind === 'EMPTY' && prev.problem.cacheTtl !== undefined
      ? `clients that cached the empty answer recover by ${formatTime(by)} at the latest (negative TTL ${ttl} s)`
      : prev.problem?.cachedEmpty
        ? `clients that cached the empty or the short answer recover by ${formatTime(by)} at the latest (TTL up to ${ttl} s)`
        : `clients that cached the earlier answer recover by ${formatTime(by)} at the latest (TTL ${ttl} s)`;
  return { sentence: `; ${what}`, facts: { clientsRecoverBy: by, cacheTtl: ttl } };
}
