import type { Incident, Problem, TimelineEntry } from '../incident.js';
import { hasCondition } from '../incidents/headline.js';
import type { ControlPlaneChange } from '../route53/control-plane-change.js';
import { writerLabel } from '../route53/history.js';
import { severityOfIncident } from '../routing/incident-severity.js';
import { SIGNAL_SOURCES } from '../signals.js';
import { outcomeSummary, statusLine, TIMELINE_WORDS } from './describe.js';
import { healthServiceName } from './health.js';
import { healthEventUrl, latestHealth } from './health-status.js';
import { markdownLink, escapeMarkdown as md } from './markdown-escape.js';
import { formatDuration, formatTime } from './time.js';
import { triggerLink, triggerLinkTitle } from './trigger-link.js';
import { currentEvidence, whatHappened } from './what-happened.js';

/**
 * The fact a runbook step's timeline entry carries (the step's text), so the export lists the steps
 * done. Entries without it are never taken for runbook steps.
 */
export const RUNBOOK_STEP_FACT = 'runbookStep';

export interface MarkdownExportOptions {
  /**
   * The workspace's URL (`https://acme.slack.com/`, as auth.test answers `url`): with it and the
   * incident's Slack reference the export links the root message. Without it, no link is made up.
   */
  slackWorkspaceUrl?: string | undefined;
}

/**
 * The incident as a Markdown post-mortem draft: summary, impact window, detection latency, timeline
 * (source and who of every entry), who did what, runbook steps done and links. Every section is
 * rendered from recorded facts; a section with none is left out. Outside text is escaped
 * (markdown-escape.ts). Times are UTC: the document is shared across time zones.
 *
 * @example
 * const { incident, timeline } = await commands.show(id);
 * writeFileSync(`${id}.md`, renderMarkdownExport(incident, timeline));
 */
export function renderMarkdownExport(
  incident: Incident,
  timeline: readonly TimelineEntry[],
  options: MarkdownExportOptions = {},
): string {
  const sections = [
    `# Incident ${md(incident.id)}: ${md(incident.title)}`,
    summary(incident, timeline),
    impactWindow(incident),
    detection(incident, timeline),
    timelineSection(timeline),
    whoDidWhat(timeline),
    runbookSteps(timeline),
    links(incident, timeline, options),
  ];
  return `${sections.filter((s): s is string => s !== undefined).join('\n\n')}\n`;
}

function summary(incident: Incident, timeline: readonly TimelineEntry[]): string {
  const lines = [
    '## Summary',
    '',
    `- **What happened:** ${md(whatHappened(incident, currentEvidence(timeline)))}`,
    `- **Target:** ${md(incident.targetId)}`,
    ...(incident.cause
      ? [`- **Affected:** ${md(incident.cause.affected.map((a) => a.targetId).join(', '))}`]
      : []),
    `- **Kind:** ${incident.kind}${incident.headlineKind === incident.kind ? '' : ` (now told as ${incident.headlineKind})`}`,
    `- **Severity:** ${severityOfIncident(incident)}`,
    `- **Status:** ${md(statusLine(incident))}`,
    `- **Opened:** ${formatTime(incident.openedAt)}`,
  ];
  return lines.join('\n');
}

/** Every problem the incident recorded (headline, worst, active) with a readable `since`. */
function problems(incident: Incident): Problem[] {
  return [incident.headline, incident.worst, ...(incident.active ?? [])].filter(
    (p): p is Problem => p !== undefined && !Number.isNaN(Date.parse(p.since)),
  );
}

/**
 * The problem whose `since` starts the impact: the earliest condition (EMPTY, UNREACHABLE, …). Racing
 * writers and stale overwrites are warnings — they may precede the outage but impair nothing by
 * themselves — so they start it only when the incident recorded nothing else.
 */
function firstEvidence(incident: Incident): Problem | undefined {
  const all = problems(incident);
  const conditions = all.filter((p) => hasCondition([p]));
  return (conditions.length ? conditions : all).sort((a, b) => Date.parse(a.since) - Date.parse(b.since))[0];
}

function impactWindow(incident: Incident): string | undefined {
  const first = firstEvidence(incident);
  if (!first) return undefined;
  const endedAt = incident.headline?.endedAt;
  const end = endedAt
    ? { at: endedAt, how: 'the problem ended' }
    : incident.resolvedAt
      ? { at: incident.resolvedAt, how: `resolved by ${incident.resolvedBy ?? 'someone'}` }
      : undefined;
  const lines = [
    '## Impact window',
    '',
    `- **Start:** ${formatTime(first.since)} (first evidence of ${first.kind}, from ${first.source})`,
    end
      ? `- **End:** ${formatTime(end.at)} (${md(end.how)})`
      : `- **End:** not over — the incident was ${incident.status} when this was exported`,
  ];
  const ms = end ? Date.parse(end.at) - Date.parse(first.since) : Number.NaN;
  if (Number.isFinite(ms) && ms >= 0) lines.push(`- **Duration:** ${formatDuration(ms)}`);
  return lines.join('\n');
}

/**
 * First evidence → first alert, when both were recorded: the alert is the root message's Slack post
 * (its `ts` is the time Slack took it) or, without one, the OPENED entry of a probe signal (the probe's
 * time is when Lookout itself saw it). Other sources stamp OPENED with their own clock (a CloudTrail
 * event's time), which says nothing about when Lookout alerted, so they give no latency.
 */
function detection(incident: Incident, timeline: readonly TimelineEntry[]): string | undefined {
  const first = firstEvidence(incident);
  if (!first) return undefined;
  const alert = slackPostTime(incident) ?? probeOpenedTime(timeline);
  if (!alert) return undefined;
  const ms = Date.parse(alert.at) - Date.parse(first.since);
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  return [
    '## Detection',
    '',
    `- **Detection latency:** ${formatDuration(ms)}, from the first evidence of ${first.kind} (${formatTime(first.since)}, ${first.source}) to the first alert (${formatTime(alert.at)}, ${alert.what})`,
  ].join('\n');
}

function slackPostTime(incident: Incident): { at: string; what: string } | undefined {
  const ts = incident.slack?.ts;
  if (!ts || !/^\d{9,11}\.\d{1,6}$/.test(ts)) return undefined;
  return { at: new Date(Math.floor(Number(ts) * 1000)).toISOString(), what: 'root message posted to Slack' };
}

function probeOpenedTime(timeline: readonly TimelineEntry[]): { at: string; what: string } | undefined {
  const opened = timeline.find((e) => e.kind === 'OPENED');
  if (opened?.source !== 'dns-probe') return undefined;
  return { at: opened.at, what: 'incident opened by the probe' };
}

function timelineSection(timeline: readonly TimelineEntry[]): string {
  if (!timeline.length) return '## Timeline\n\nNo entries were recorded.';
  return ['## Timeline', '', ...timeline.flatMap(entryLines)].join('\n');
}

function entryLines(entry: TimelineEntry): string[] {
  const words = TIMELINE_WORDS[entry.kind] ?? entry.kind;
  const head = `- ${formatTime(entry.at)} · **${words}** · ${md(entry.source)}${entry.text ? ` — ${md(entry.text)}` : ''}`;
  const details = [
    ...(entry.evidence ?? []).map((o) => `${md(o.resolver)}: ${md(outcomeSummary(o))}`),
    ...(entry.changes ?? []).map(changeLine),
    ...(entry.source === 'aws-health' && entry.facts ? healthLine(entry.facts) : []),
  ];
  return [head, ...details.map((d) => `  - ${d}`)];
}

/** `DELETE A dynamodb.us-east-1.amazonaws.com by enactor-2 (dns-enactor) at …, change C123`. */
function changeLine(change: ControlPlaneChange): string {
  const key = change.recordSet.key;
  const set = key.setIdentifier === undefined ? '' : ` (set ${key.setIdentifier})`;
  const parts = [
    `Route 53 ${change.action} ${key.type} ${key.name}${set} by ${writerLabel(change.writer)} at ${formatTime(change.at)}`,
    change.changeId ? `change ${change.changeId}` : undefined,
    change.errorCode ? `failed: ${change.errorCode}` : undefined,
  ];
  return md(parts.filter((p) => p !== undefined).join(', '));
}

function healthLine(facts: NonNullable<TimelineEntry['facts']>): string[] {
  const text = (key: string) =>
    typeof facts[key] === 'string' && facts[key] ? String(facts[key]) : undefined;
  const status = text('status');
  if (!status) return [];
  const service = text('service');
  const region = text('region');
  const about = [service ? healthServiceName(service) : undefined, region].filter(Boolean).join(' ');
  return [md(`AWS Health: ${about ? `${about} ` : ''}status ${status}`)];
}

/** People (and Lookout's own auto-resolve) by what they did: every entry whose source is no signal source. */
function whoDidWhat(timeline: readonly TimelineEntry[]): string | undefined {
  const signals = new Set<string>(SIGNAL_SOURCES);
  const byActor = new Map<string, string[]>();
  for (const entry of timeline) {
    if (signals.has(entry.source)) continue;
    const did = `${TIMELINE_WORDS[entry.kind] ?? entry.kind} at ${formatTime(entry.at)}`;
    byActor.set(entry.source, [...(byActor.get(entry.source) ?? []), did]);
  }
  if (!byActor.size) return undefined;
  const lines = [...byActor].map(([actor, did]) => `- **${md(actor)}:** ${did.join('; ')}`);
  return ['## Who did what', '', ...lines].join('\n');
}

function runbookSteps(timeline: readonly TimelineEntry[]): string | undefined {
  const done = timeline.filter((e) => typeof e.facts?.[RUNBOOK_STEP_FACT] === 'string');
  if (!done.length) return undefined;
  const lines = done.map(
    (e) => `- ${formatTime(e.at)} · ${md(String(e.facts?.[RUNBOOK_STEP_FACT]))} · done by ${md(e.source)}`,
  );
  return ['## Runbook steps done', '', ...lines].join('\n');
}

function links(
  incident: Incident,
  timeline: readonly TimelineEntry[],
  options: MarkdownExportOptions,
): string | undefined {
  const lines: string[] = [];
  const slack = slackLink(incident, options.slackWorkspaceUrl);
  if (slack) lines.push(`- ${slack}`);
  const triggers = new Map<string, string>();
  for (const facts of [incident.facts, ...timeline.map((e) => e.facts)]) {
    const url = triggerLink(facts);
    if (url && !triggers.has(url)) triggers.set(url, triggerLinkTitle(facts));
  }
  for (const [url, label] of triggers) lines.push(`- ${markdownLink(label, url)}`);
  for (const h of latestHealth(timeline)) {
    const label = `AWS Health: ${healthServiceName(h.service)} ${h.region}${h.title ? ` — ${h.title}` : ''} (${h.status})`;
    lines.push(`- ${markdownLink(label, healthEventUrl(h.eventArn))}`);
  }
  return lines.length ? ['## Links', '', ...lines].join('\n') : undefined;
}

/**
 * The root message's permalink (`<workspace>/archives/<channel>/p<ts without the dot>`, the form Slack's
 * permalinks take) when the workspace URL is known; otherwise the channel and ts as recorded.
 */
function slackLink(incident: Incident, workspaceUrl: string | undefined): string | undefined {
  const ref = incident.slack;
  if (!ref) return undefined;
  const base = workspaceUrl && /^https:\/\/[a-z0-9.-]+\/?$/i.test(workspaceUrl) ? workspaceUrl : undefined;
  if (base && /^\d+\.\d+$/.test(ref.ts)) {
    const url = `${base.replace(/\/$/, '')}/archives/${encodeURIComponent(ref.channel)}/p${ref.ts.replace('.', '')}`;
    return markdownLink('Slack: the incident’s root message', url);
  }
  return `Slack: root message in channel ${md(ref.channel)}, ts ${md(ref.ts)}`;
}
