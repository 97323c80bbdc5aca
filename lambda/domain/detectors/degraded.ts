import { type Detector, makeSignal } from './context.js';

/**
 * DEGRADED: the answer count fell below a fraction of the baseline on N consecutive probes. It replaces
 * an EMPTY or UNREACHABLE condition once the name answers again, but short: that is what is true now.
 */
export const detectDegraded: Detector = (ctx) => {
  const { look, next, prev, config, target, baseline } = ctx;
  if (look.kind !== 'present' || baseline === undefined || next.streak?.kind !== 'degraded') return undefined;
  if (next.streak.count < config.emptyAfterProbes || prev.problem?.kind === 'DEGRADED') return undefined;
  const after = prev.problem ? `; no longer ${prev.problem.kind}` : '';
  return makeSignal(
    ctx,
    'DEGRADED',
    `${target.name} ${target.type} is DEGRADED: ${look.count} answers, below ${config.degradedFraction} × baseline ${baseline}${after}`,
    { since: next.streak.since, threshold: config.degradedFraction * baseline },
  );
};
