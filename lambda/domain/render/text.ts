import type { Incident, IncidentCause, TimelineEntry, TimelineKind } from '../incident.js';
import { headlineSince } from '../incidents/headline.js';
import type { ResolverOutcome } from '../observation.js';
import { severityOfIncident } from '../routing/incident-severity.js';
import { formatTime, incidentDuration, outcomeSummary, statusLine, whatHappened } from './describe.js';

export interface TextOptions {
  /** ANSI colours, only when the caller knows the output is a terminal that wants them. */
  color?: boolean;
  /** IANA zone the times are shown in (`--tz`, else TZ); UTC when absent. Checked by the caller. */
  timeZone?: string | undefined;
}

const ANSI = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
export type Style = keyof typeof ANSI;

export function paint(text: string, style: Style, options: TextOptions): string {
  return options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
}

const KIND_STYLE: Partial<Record<TimelineKind, Style>> = {
  EMPTY: 'red',
  UNREACHABLE: 'red',
  OPENED: 'red',
  DEGRADED: 'yellow',
  FLAPPING: 'yellow',
  CHANGED: 'cyan',
  ACKNOWLEDGED: 'yellow',
  RECOVERED: 'green',
  RESOLVED: 'green',
};

/** Control characters in DNS data (TXT) must not move the cursor or recolour the operator's terminal. */
export function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/** The kind, padded to its column and coloured by how much it matters (unknown kinds bold). */
export function kindColumn(kind: string, options: TextOptions): string {
  return paint(kind.padEnd(12), (KIND_STYLE as Partial<Record<string, Style>>)[kind] ?? 'bold', options);
}

/** `1.1.1.1:53 NODATA (NOERROR) — (no records) · negative TTL 60 s · 4 ms; …` */
export function formatEvidence(evidence: ResolverOutcome[]): string {
  return evidence.map((o) => `${clean(o.resolver)} ${clean(outcomeSummary(o))}`).join('; ');
}

/**
 * One line per timeline entry: time, target, kind, text, evidence.
 * @example formatEntryLine(entry, 'dynamodb.us-east-1.amazonaws.com/A', { color: process.stdout.isTTY })
 */
export function formatEntryLine(entry: TimelineEntry, targetId?: string, options: TextOptions = {}): string {
  const kind = kindColumn(entry.kind, options);
  const parts = [
    paint(formatTime(entry.at, options.timeZone), 'dim', options),
    targetId ? clean(targetId) : undefined,
    kind,
    clean(entry.text),
  ];
  const evidence = entry.evidence?.length
    ? paint(`  [${formatEvidence(entry.evidence)}]`, 'dim', options)
    : '';
  return `${parts.filter((p) => p !== undefined).join('  ')}${evidence}`;
}

/** A cause incident's targets: those affected now, or, once none is, all it affected. */
function affectedList(cause: IncidentCause): string {
  const now = cause.affected.filter((a) => a.left === undefined);
  if (now.length) return `affected: ${now.map((a) => a.targetId).join(', ')}`;
  return `affected (none now): ${cause.affected.map((a) => a.targetId).join(', ')}`;
}

/** A few lines summing up an incident: status, what happened, since when, evidence, id. */
export function formatIncidentSummary(
  incident: Incident,
  now: Date,
  evidence: ResolverOutcome[] = [],
  options: TextOptions = {},
): string {
  const style: Style =
    incident.status === 'resolved' ? 'green' : incident.status === 'acknowledged' ? 'yellow' : 'red';
  const head = `${paint(`[${incident.status.toUpperCase()}]`, style, options)} ${paint(incident.headlineKind, 'bold', options)} ${clean(incident.targetId)}`;
  const lines = [
    head,
    `  ${clean(whatHappened(incident, evidence))}`,
    ...(incident.cause ? [`  ${clean(affectedList(incident.cause))}`] : []),
    `  since ${formatTime(headlineSince(incident), options.timeZone)} (${incidentDuration(incident, now)}) · ${clean(statusLine(incident, options.timeZone))}`,
    ...evidence.map((o) => `    ${clean(o.resolver)} → ${clean(outcomeSummary(o))}`),
    paint(`  incident ${incident.id} · severity ${severityOfIncident(incident)}`, 'dim', options),
  ];
  return lines.join('\n');
}
