import { type Detector, makeSignal } from './context.js';

/**
 * FLAPPING: ≥ K transitions within W — value-set changes in exact mode, empty↔non-empty in pool mode
 * (a rotating pool changes values every answer, so only presence counts there) — or an A→B→A
 * oscillation in exact mode. Fires once per episode; the flag clears only with RECOVERED.
 */
export const detectFlapping: Detector = (ctx) => {
  const { next, prev, config, target } = ctx;
  if (prev.flapping) return undefined;
  const transitions = next.transitions.length;
  const oscillation = target.mode === 'exact' && isOscillation(prev.valueHistory, next.valueHistory);
  if (transitions < config.flapTransitions && !oscillation) return undefined;
  const why =
    oscillation && transitions < config.flapTransitions
      ? 'its answer went A→B→A'
      : `${transitions} transitions within ${config.flapWindowSeconds} s`;
  return makeSignal(ctx, 'FLAPPING', `${target.name} ${target.type} is FLAPPING: ${why}`, {
    transitions,
    windowSeconds: config.flapWindowSeconds,
    since: next.transitions[0] ?? ctx.observation.observedAt,
  });
};

/** True when this observation just closed an A→B→A pattern (the history grew and ends X, Y, X). */
function isOscillation(before: readonly string[], after: readonly string[]): boolean {
  // The history is capped, so "grew" means its newest entry changed, not its length.
  if (after.at(-1) === before.at(-1) || after.length < 3) return false;
  const [a, b, c] = after.slice(-3);
  return a === c && a !== b;
}
