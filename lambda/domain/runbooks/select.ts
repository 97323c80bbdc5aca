import type { Incident } from '../incident.js';
import type { AlertKind, SignalSource } from '../signals.js';
import type { Runbook } from './schema.js';

/**
 * The runbook for an incident kind (and the source of its problem, when known): the first that names
 * the kind and admits the source, preferring one written for that source over one for any, then one
 * written for that kind alone over a catch-all, so a specific EMPTY runbook beats a generic "any DNS
 * alert" one. A runbook limited to other sources is never shown.
 */
export function selectRunbook(
  runbooks: readonly Runbook[],
  kind: AlertKind,
  source?: SignalSource,
): Runbook | undefined {
  const matching = runbooks.filter(
    (r) => r.appliesTo.includes(kind) && (!r.sources || (source !== undefined && r.sources.includes(source))),
  );
  const rank = (r: Runbook) => (r.sources ? 0 : 1000) + r.appliesTo.length;
  return [...matching].sort((a, b) => rank(a) - rank(b))[0];
}

/** The source of the problem the incident opened with, when it is still on record. */
export function openingSource(incident: Incident): SignalSource | undefined {
  return sourceOf(incident, incident.kind);
}

/** The fact under which a trigger records the runbook it named (runbook ids are lower-case, dashed). */
export const NAMED_RUNBOOK_FACT = 'runbook';

/**
 * The runbook an incident shows: the one its opening signal named by id (an on-call trigger may name
 * one), else the one for the problem its headline tells now — an incident that opened as
 * CONCURRENT_WRITERS and became EMPTY shows the EMPTY runbook — falling back to the one for the kind it
 * opened with. A name no runbook has falls back to selection: triggers refuse unknown names at the
 * door, so this only meets runbooks removed since.
 */
export function runbookFor(runbooks: readonly Runbook[], incident: Incident): Runbook | undefined {
  const named = incident.facts[NAMED_RUNBOOK_FACT];
  const chosen = typeof named === 'string' ? runbooks.find((r) => r.id === named) : undefined;
  if (chosen) return chosen;
  const headline = incident.headlineKind ?? incident.kind;
  const forHeadline =
    headline === incident.kind ? undefined : selectRunbook(runbooks, headline, sourceOf(incident, headline));
  return forHeadline ?? selectRunbook(runbooks, incident.kind, openingSource(incident));
}

function sourceOf(incident: Incident, kind: AlertKind): SignalSource | undefined {
  const problems = [incident.headline, incident.worst, ...(incident.active ?? [])];
  return problems.find((p) => p?.kind === kind)?.source;
}
