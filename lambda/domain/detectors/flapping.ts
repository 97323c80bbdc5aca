import { formatTime } from '../render/time.js';
import { type Detector, makeSignal } from './context.js';
import { type Flip, UNHEALTHY } from './target-state.js';

/**
 * FLAPPING: ≥ K transitions within W — value-set changes in exact mode, empty↔non-empty in pool mode
 * (a rotating pool changes values every answer, so only presence counts there) — or an A→B→A
 * oscillation between non-empty answers in exact mode. An outage and its repair (A → nothing → A) is two
 * transitions and never an oscillation: it is EMPTY then RECOVERED. Fires once per episode.
 */
export const detectFlapping: Detector = (ctx) => {
  const { next, prev, config, target } = ctx;
  if (prev.flapping) return undefined;
  const transitions = next.transitions.length;
  const oscillation = target.mode === 'exact' && isOscillation(prev.valueHistory, next.valueHistory);
  if (transitions < config.flapTransitions && !oscillation) return undefined;
  const flips = next.flips ?? [];
  const why =
    oscillation && transitions < config.flapTransitions
      ? `its answer went from one value set to another and back within ${config.flapWindowSeconds} s`
      : `${transitions} transitions within ${config.flapWindowSeconds} s`;
  const path = flips.length ? ` — ${describeFlips(flips)}` : '';
  return makeSignal(ctx, 'FLAPPING', `${target.name} ${target.type} is FLAPPING: ${why}${path}`, {
    transitions,
    windowSeconds: config.flapWindowSeconds,
    since: next.transitions[0] ?? ctx.observation.observedAt,
    ...(flips.length
      ? { between: [...new Set(flips.map((f) => f.to))].join(' | '), flips: describeFlips(flips) }
      : {}),
  });
};

/** `06:48:10 UTC → 1.2.3.4, 06:48:20 UTC → no records, …` (the newest transitions, oldest first). */
export function describeFlips(flips: readonly Flip[]): string {
  return flips.map((f) => `${formatTime(f.at)} → ${f.to}`).join(', ');
}

/**
 * True when this observation just closed an A→B→A pattern between value sets (the history grew and ends
 * X, Y, X with neither an empty or degraded episode).
 */
function isOscillation(before: readonly string[], after: readonly string[]): boolean {
  // The history is capped, so "grew" means its newest entry changed, not its length.
  if (after.at(-1) === before.at(-1) || after.length < 3) return false;
  const [a, b, c] = after.slice(-3);
  const answered = (x: string | undefined) => x !== undefined && x !== UNHEALTHY && x !== '';
  return a === c && a !== b && answered(a) && answered(b);
}
