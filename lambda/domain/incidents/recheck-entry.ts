import type { TimelineEntry } from '../incident.js';
import { isUsable, type Observation } from '../observation.js';
import { entryIdFor } from './ids.js';

/** A re-check asked from a runbook step: whose request, on which incident. */
export interface Recheck {
  incidentId: string;
  /** The request's identity (one entry per request, however often the job is delivered). */
  requestId: string;
  /** `slack:U… (@alice)` and their facts. */
  by: string;
  facts: Record<string, string>;
}

/** How many resolvers answered with records, empty, or not usably: the re-check's verdict in words. */
export function recheckVerdict(observation: Observation): string {
  const { outcomes } = observation;
  const answered = outcomes.filter((o) => o.kind === 'ANSWER').length;
  const empty = outcomes.filter((o) => o.kind === 'NODATA' || o.kind === 'NXDOMAIN').length;
  const unusable = outcomes.filter((o) => !isUsable(o)).length;
  return [
    `${answered} of ${outcomes.length} resolver${outcomes.length === 1 ? '' : 's'} answered with records`,
    ...(empty ? [`${empty} answered empty (NODATA/NXDOMAIN)`] : []),
    ...(unusable ? [`${unusable} gave no usable answer`] : []),
  ].join('; ');
}

/**
 * The timeline entry of a re-check: the verdict in its text and every resolver's answer as its evidence
 * (the thread reply lists them), dated at the probe's time. It is a note, not a signal: a re-check never
 * opens, changes or resolves the incident by itself; the probe rounds do that.
 */
export function recheckEntry(recheck: Recheck, target: string, observation: Observation): TimelineEntry {
  return {
    incidentId: recheck.incidentId,
    entryId: entryIdFor(recheck.incidentId, 'NOTE', `recheck#${recheck.requestId}`),
    at: observation.observedAt,
    kind: 'NOTE',
    source: recheck.by,
    text: `Re-check of ${target} asked by ${recheck.by}: ${recheckVerdict(observation)}.`,
    evidence: observation.outcomes,
    facts: { ...recheck.facts, recheck: target },
  };
}
