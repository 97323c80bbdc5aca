import { type Detector, makeSignal } from './context.js';

/**
 * RECOVERED: after M consecutive healthy probes while a problem or flapping is active. Flapping also
 * needs its transitions to have aged out of the window, so an oscillating record stays one episode.
 */
export const detectRecovered: Detector = (ctx) => {
  const { next, prev, config, target } = ctx;
  if (!prev.problem && !prev.flapping) return undefined;
  if (next.streak?.kind !== 'present' || next.streak.count < config.recoverAfterProbes) return undefined;
  if (prev.flapping && next.transitions.length >= config.flapTransitions) return undefined;
  const was = prev.flapping && !prev.problem ? 'FLAPPING' : (prev.problem?.kind ?? 'FLAPPING');
  const since = prev.problem?.since ?? prev.flapping?.since ?? next.streak.since;
  return makeSignal(
    ctx,
    'RECOVERED',
    `${target.name} ${target.type} RECOVERED from ${was}: ${next.streak.count} healthy probes in a row`,
    { was, problemSince: since, healthySince: next.streak.since },
  );
};
