import { type Detector, makeSignal } from './context.js';

/** DEGRADED: the answer count fell below a fraction of the baseline on N consecutive probes. */
export const detectDegraded: Detector = (ctx) => {
  const { look, next, prev, config, target, baseline } = ctx;
  if (look.kind !== 'present' || baseline === undefined || next.streak?.kind !== 'degraded') return undefined;
  if (next.streak.count < config.emptyAfterProbes || prev.problem) return undefined;
  return makeSignal(
    ctx,
    'DEGRADED',
    `${target.name} ${target.type} is DEGRADED: ${look.count} answers, below ${config.degradedFraction} × baseline ${baseline}`,
    { since: next.streak.since, threshold: config.degradedFraction * baseline },
  );
};
