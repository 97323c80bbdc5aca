import { type Detector, makeSignal } from './context.js';

/**
 * UNREACHABLE: no resolver gave a usable answer on N consecutive probes. Reported as its own kind and
 * never as EMPTY, and it never replaces an EMPTY already alerted on: an impaired resolver path says
 * nothing about the record.
 */
export const detectUnreachable: Detector = (ctx) => {
  const { look, next, prev, config, target } = ctx;
  if (look.kind !== 'unreachable' || next.streak?.kind !== 'unreachable') return undefined;
  if (next.streak.count < config.unreachableAfterProbes || prev.problem) return undefined;
  return makeSignal(
    ctx,
    'UNREACHABLE',
    `${target.name} ${target.type} is UNREACHABLE: no resolver gave a usable answer (${look.failures.join('; ')}) — this is not evidence that the record is empty`,
    { since: next.streak.since, probes: next.streak.count },
  );
};
