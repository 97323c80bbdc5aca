import { brokenChainText, chainText } from '../cname-chain.js';
import type { Incident, TimelineKind } from '../incident.js';
import { headlineSince } from '../incidents/headline.js';
import type { OutcomeKind, ResolverOutcome } from '../observation.js';
import { formatDuration, formatTime } from './time.js';

export { formatDuration, formatTime } from './time.js';
export { whatHappened } from './what-happened.js';

/**
 * Plain words for each outcome. NODATA, NXDOMAIN and "no answer" must never read alike: the first is the
 * October-2025 failure, the last says nothing about the record at all.
 */
export const OUTCOME_WORDS: Record<OutcomeKind, string> = {
  ANSWER: 'answered',
  NODATA: 'the name exists but has no records',
  NXDOMAIN: 'the name does not exist',
  SERVFAIL: 'the resolver failed (SERVFAIL)',
  REFUSED: 'the resolver refused to answer',
  TIMEOUT: 'no answer (timeout)',
  UNREACHABLE: 'the resolver could not be reached',
  MALFORMED: 'unreadable reply',
};

export const STATUS_EMOJI: Record<Incident['status'], string> = {
  open: ':red_circle:',
  acknowledged: ':large_orange_circle:',
  resolved: ':white_check_mark:',
};

export function splitTarget(targetId: string): { name: string; type: string | undefined } {
  const slash = targetId.lastIndexOf('/');
  return slash > 0
    ? { name: targetId.slice(0, slash), type: targetId.slice(slash + 1) }
    : { name: targetId, type: undefined };
}

/** How long the incident has lasted, up to its resolution or `now`. */
export function incidentDuration(incident: Incident, now: Date): string {
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now.getTime();
  return formatDuration(end - Date.parse(headlineSince(incident)));
}

/** Who owns the incident now, with when; `timeZone` as in formatTime (UTC when absent). */
export function statusLine(incident: Incident, timeZone?: string): string {
  if (incident.status === 'resolved') {
    const by = incident.resolvedBy ? ` by ${incident.resolvedBy}` : '';
    const at = incident.resolvedAt ? ` at ${formatTime(incident.resolvedAt, timeZone)}` : '';
    const note = incident.resolutionNote ? ` — ${incident.resolutionNote}` : '';
    return `resolved${by}${at}${note}`;
  }
  if (incident.status === 'acknowledged') {
    const at = incident.acknowledgedAt ? ` at ${formatTime(incident.acknowledgedAt, timeZone)}` : '';
    return `acknowledged by ${incident.acknowledgedBy ?? 'someone'}${at}`;
  }
  return 'open — nobody has acknowledged it yet';
}

/**
 * `NODATA (NOERROR) — (no records) · negative TTL 60 s · 12 ms`, without the resolver. Through a CNAME
 * chain, the chain comes first and the answer is the last name's:
 * `NXDOMAIN — www.example.test → api.example.test: api.example.test does not exist · …`.
 */
export function outcomeSummary(o: ResolverOutcome): string {
  const parts: string[] = [];
  const rcode = o.rcode && o.rcode !== o.kind ? ` (${o.rcode})` : '';
  const chain = o.cnameChain && o.cnameChain.length > 1 ? o.cnameChain : undefined;
  // For UNREACHABLE the reason (`connection refused by 127.0.0.1:1`) is the news, not the generic words;
  // so it is for a NOERROR reply that could not be used (referral, CNAME loop): no resolver "failed".
  const reasonIsBody =
    (o.kind === 'UNREACHABLE' || (o.kind === 'SERVFAIL' && o.rcode === 'NOERROR')) && Boolean(o.detail);
  let body: string = OUTCOME_WORDS[o.kind];
  if (o.kind === 'ANSWER') {
    const values = o.values.length ? o.values.join(', ') : '(no records)';
    body = chain ? `${chainText(chain)}: ${values}` : values;
  } else if ((o.kind === 'NODATA' || o.kind === 'NXDOMAIN') && chain) body = brokenChainText(chain, o.kind);
  else if (o.kind === 'NODATA') body = '(no records)';
  else if (reasonIsBody && o.detail) body = o.detail;
  parts.push(`${o.kind}${rcode} — ${body}`);
  if (o.ttl !== undefined) parts.push(`TTL ${o.ttl} s`);
  if (o.negativeTtl !== undefined) parts.push(`negative TTL ${o.negativeTtl} s`);
  parts.push(`${Math.round(o.latencyMs)} ms`);
  if (o.detail && !reasonIsBody) parts.push(o.detail);
  return parts.join(' · ');
}

export const TIMELINE_WORDS: Record<TimelineKind, string> = {
  OPENED: 'Incident opened',
  ACKNOWLEDGED: 'Acknowledged',
  RESOLVED: 'Resolved',
  NOTE: 'Note',
  EMPTY: 'Empty answer',
  DEGRADED: 'Degraded answer',
  FLAPPING: 'Flapping answer',
  UNREACHABLE: 'No resolver answered',
  CHANGED: 'Answer changed',
  RECOVERED: 'Recovered',
  ENDED: 'Problem ended',
  CONCURRENT_WRITERS: 'Concurrent writers',
  STALE_OVERWRITE: 'Stale overwrite',
  RECORD_ADDED: 'Record set added',
  RECORD_CHANGED: 'Record set changed',
  RECORD_DELETED: 'Record set deleted',
  MISCONFIGURED: 'Configuration problem',
  AFFECTED: 'Affected targets changed',
  HEALTH_EVENT: 'AWS Health event',
  HEALTH_UPDATE: 'AWS Health update',
  TRIGGERED: 'Triggered',
  DECLARED: 'Declared',
};
