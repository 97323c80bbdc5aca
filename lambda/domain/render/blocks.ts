import type { AffectedTarget, Incident, IncidentCause, TimelineEntry } from '../incident.js';
import { headlineSince, mostSevere } from '../incidents/headline.js';
import { RECORD_TYPES, type ResolverOutcome } from '../observation.js';
import { type RestoreSettings, restoreTargetOf } from '../route53/restore-target.js';
import { severityOfIncident } from '../routing/incident-severity.js';
import type { Runbook } from '../runbooks/schema.js';
import {
  formatTime,
  incidentDuration,
  outcomeSummary,
  STATUS_EMOJI,
  statusLine,
  TIMELINE_WORDS,
  whatHappened,
} from './describe.js';
import { type HealthStatus, healthStatusLine, healthStatusText } from './health-status.js';
import { type IncidentActionsBlock, incidentButtons } from './incident-buttons.js';
import { escapeMrkdwn, nonEmpty, packLines, SLACK_LIMITS, TRUNCATED, truncate } from './limits.js';
import { type RunbookBlock, runbookBlocks, type StepDone } from './runbook-steps.js';
import { slackTriggerLink, triggerLink, triggerLinkLabel } from './trigger-link.js';
import { problemSentence } from './what-happened.js';

/** The Block Kit subset Lookout emits; plain data so the domain needs nothing from Slack. */
export type Block =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: true } }
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] }
  | { type: 'divider' }
  | RunbookBlock
  | IncidentActionsBlock;

/** `text` is what notifications, screen readers and a blocks-rejected retry show. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface RootMessageInput {
  incident: Incident;
  runbook?: Runbook | undefined;
  /** Per-resolver outcomes of the OPENED entry. */
  evidence?: ResolverOutcome[] | undefined;
  /** AWS Health's latest word on each event told in this incident (see latestHealth), newest first. */
  health?: HealthStatus[] | undefined;
  /** The runbook's steps done so far, by step number (runbookStepsDone over the timeline). */
  stepsDone?: ReadonlyMap<number, StepDone> | undefined;
  /** `route53:` restore settings: with restoreFromSlack on and the incident's zone configured, a Restore button. */
  restore?: RestoreSettings | undefined;
  now: Date;
}

/** Evidence beyond this many sections would crowd the runbook out of the 50-block budget. */
const MAX_EVIDENCE_SECTIONS = 8;
/** The same for a cause incident's list of affected targets. */
const MAX_AFFECTED_SECTIONS = 4;
/** The same for AWS Health events joined to one incident (rarely more than one or two). */
const MAX_HEALTH_SECTIONS = 2;
/** Blocks the root keeps after its runbook (the id context line, a row of buttons). */
const RUNBOOK_TRAILING_BLOCKS = 2;
/** Events named in the notification text; the blocks list the rest. */
const HEALTH_IN_TEXT = 2;

/**
 * The message's `text`: Slack parses it like mrkdwn (notifications, and the whole message when Slack
 * refuses the blocks), so outside words in it (AWS's descriptions, DNS answers, writer names) are escaped
 * once, here, over the finished sentence, never left to become a mention or a link.
 */
export function fallbackText(text: string): string {
  return truncate(escapeMrkdwn(text), SLACK_LIMITS.fallbackText);
}

function header(text: string): Block {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(nonEmpty(text), SLACK_LIMITS.headerText), emoji: true },
  };
}

function section(text: string): Block {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(nonEmpty(text), SLACK_LIMITS.sectionText) },
  };
}

function context(text: string): Block {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncate(nonEmpty(text), SLACK_LIMITS.contextText) }],
  };
}

function evidenceLine(o: ResolverOutcome): string {
  // One line per resolver, whatever a TXT value contains, so counting lines counts resolvers.
  return `• \`${escapeMrkdwn(o.resolver)}\` → ${escapeMrkdwn(outcomeSummary(o)).replace(/\s*[\r\n]+\s*/g, ' ')}`;
}

/** Evidence as packed sections; whatever does not fit is counted, not silently dropped. */
export function evidenceBlocks(evidence: ResolverOutcome[], title: string): Block[] {
  if (!evidence.length) return [];
  const chunks = packLines([`*${title}*`, ...evidence.map(evidenceLine)], SLACK_LIMITS.sectionText);
  if (chunks.length <= MAX_EVIDENCE_SECTIONS) return chunks.map(section);
  const kept = chunks.slice(0, MAX_EVIDENCE_SECTIONS - 1);
  const shown = kept.join('\n').split('\n').length - 1;
  const notice = `${TRUNCATED}: ${evidence.length - shown} more resolver answers not shown (${evidence.length} in all).`;
  return [...kept.map(section), section(notice)];
}

function affectedLine(a: AffectedTarget): string {
  const left = a.left ? `, no longer affected since ${formatTime(a.left)}` : '';
  return `• \`${escapeMrkdwn(a.targetId)}\` since ${formatTime(a.since)}${left}`;
}

/**
 * A cause incident's targets: those still affected first, then those that left. Re-rendered whenever
 * one joins or leaves, so the root is the list; whatever does not fit is counted, not dropped silently.
 */
export function affectedBlocks(cause: IncidentCause): Block[] {
  const current = cause.affected.filter((a) => !a.left);
  const left = cause.affected.filter((a) => a.left);
  const title = `*Affected targets (${current.length} now${left.length ? `, ${cause.affected.length} in all` : ''})*`;
  const lines = [...current, ...left].map(affectedLine);
  const chunks = packLines([title, ...lines], SLACK_LIMITS.sectionText);
  if (chunks.length <= MAX_AFFECTED_SECTIONS) return chunks.map(section);
  const kept = chunks.slice(0, MAX_AFFECTED_SECTIONS - 1);
  const shown = kept.join('\n').split('\n').length - 1;
  const notice = `${TRUNCATED}: ${lines.length - shown} more targets not shown (${lines.length} in all).`;
  return [...kept.map(section), section(notice)];
}

/** AWS Health's latest status per event; whatever does not fit is counted, not dropped silently. */
export function healthBlocks(health: readonly HealthStatus[]): Block[] {
  if (!health.length) return [];
  const title = health.length === 1 ? '*AWS Health*' : `*AWS Health (${health.length} events)*`;
  const lines = health.map(healthStatusLine);
  const chunks = packLines([title, ...lines], SLACK_LIMITS.sectionText);
  if (chunks.length <= MAX_HEALTH_SECTIONS) return chunks.map(section);
  const kept = chunks.slice(0, MAX_HEALTH_SECTIONS - 1);
  const shown = kept.join('\n').split('\n').length - 1;
  const notice = `${TRUNCATED}: ${lines.length - shown} more AWS Health events not shown (${lines.length} in all).`;
  return [...kept.map(section), section(notice)];
}

/**
 * When AWS Health's problem is the headline but Lookout saw something of its own about the target, the
 * root says that too: the most severe of Lookout's problems still active, else the worst it had.
 */
function lookoutBlock(incident: Incident, evidence: ResolverOutcome[]): Block[] {
  if (incident.headline?.family !== 'aws-health' || incident.cause) return [];
  const own = mostSevere((incident.active ?? []).filter((p) => p.family !== 'aws-health'));
  const earlier = incident.worst?.family === 'aws-health' ? undefined : incident.worst;
  const problem = own ?? earlier;
  if (!problem) return [];
  const label = own ? '*Lookout observes*' : '*Lookout observed* (no longer seen)';
  return [
    section(
      `${label} ${escapeMrkdwn(problemSentence(incident, problem, evidence))}\n*Since* ${formatTime(problem.since)}`,
    ),
  ];
}

/**
 * Keeps at most `max` blocks; when cutting, says so and keeps the last block (the context line with the
 * incident id), which is what people quote when they talk about the incident.
 */
export function capBlocks(blocks: Block[], max: number = SLACK_LIMITS.blocks): Block[] {
  if (blocks.length <= max) return blocks;
  const last = blocks[blocks.length - 1] as Block;
  const kept = blocks.slice(0, max - 2);
  return [...kept, section(`${TRUNCATED}: ${blocks.length - kept.length - 1} more blocks not shown.`), last];
}

function rootHeadline(incident: Incident): string {
  return `${STATUS_EMOJI[incident.status]} ${incident.headlineKind} · ${subjectLabel(incident)}`;
}

/**
 * The subject as a person reads it: a DNS target's `name/TYPE` id, else the name it was opened with (a
 * declared title, an AWS Health event's service and region, a page's alert), never an internal id such
 * as `declared:<view id>` or an event ARN.
 */
export function subjectLabel(incident: Pick<Incident, 'targetId' | 'kind' | 'title'>): string {
  const slash = incident.targetId.lastIndexOf('/');
  const type = slash > 0 ? incident.targetId.slice(slash + 1) : '';
  if ((RECORD_TYPES as readonly string[]).includes(type)) return incident.targetId;
  const prefix = `${incident.kind}: `;
  return incident.title.startsWith(prefix) ? incident.title.slice(prefix.length) : incident.title;
}

/**
 * The incident's root message: what happened, since when, who owns it, evidence, runbook.
 * @example const { text, blocks } = renderRootMessage({ incident, runbook, evidence, now: new Date() });
 */
export function renderRootMessage(input: RootMessageInput): SlackMessage {
  const { incident, now } = input;
  const evidence = input.evidence ?? [];
  const happened = whatHappened(incident, evidence);
  const since = `*Since* ${formatTime(headlineSince(incident))} (${incidentDuration(incident, now)})`;
  const blocks: Block[] = [
    header(rootHeadline(incident)),
    section(`${escapeMrkdwn(happened)}\n${since}\n*Status* ${escapeMrkdwn(statusLine(incident))}`),
  ];
  blocks.push(...lookoutBlock(incident, evidence));
  const health = input.health ?? [];
  if (health.length) blocks.push({ type: 'divider' }, ...healthBlocks(health));
  if (incident.cause) blocks.push(...affectedBlocks(incident.cause));
  const ev = evidenceBlocks(
    evidence,
    `Evidence (${evidence.length} resolver${evidence.length === 1 ? '' : 's'})`,
  );
  if (ev.length) blocks.push({ type: 'divider' }, ...ev);
  blocks.push({ type: 'divider' });
  blocks.push(
    ...runbookBlocks({
      incident,
      runbook: input.runbook,
      evidence,
      done: input.stepsDone,
      // What the rest of the root leaves of Slack's 50: the id context line and a row of buttons after.
      maxBlocks: SLACK_LIMITS.blocks - blocks.length - RUNBOOK_TRAILING_BLOCKS,
    }),
  );
  // Its own actions block, apart from the runbook's buttons: what a person can do to the incident now.
  blocks.push(incidentButtons(incident, restoreTargetOf(incident, input.restore) !== undefined));
  blocks.push(
    // The severity comes before the title: a long title is what gets cut, never the severity.
    context(
      `Incident \`${escapeMrkdwn(incident.id)}\` · Severity: ${severityOfIncident(incident)}${senderLink(incident)} · ${escapeMrkdwn(incident.title)} · Lookout`,
    ),
  );
  const aws = health.slice(0, HEALTH_IN_TEXT).map((h) => ` ${healthStatusText(h)}.`);
  const text = `${incident.status.toUpperCase()} ${incident.headlineKind} ${incident.targetId}: ${happened} (${statusLine(incident)}; incident ${incident.id})${aws.join('')}`;
  return { text: fallbackText(text), blocks: capBlocks(blocks) };
}

/** The trigger's own page, before the title (a long title is what the context line cuts, never the link). */
function senderLink(incident: Incident): string {
  const url = triggerLink(incident.facts);
  return url ? ` · ${slackTriggerLink(url, triggerLinkLabel(incident.facts))}` : '';
}

/** A thread reply under the root for one timeline entry. */
export function renderTimelineReply(entry: TimelineEntry, targetId?: string): SlackMessage {
  const words = TIMELINE_WORDS[entry.kind] ?? entry.kind;
  const head = `*${words}* (${entry.kind}) · ${formatTime(entry.at)} · ${escapeMrkdwn(entry.source)}`;
  const blocks: Block[] = [section(`${head}\n${escapeMrkdwn(nonEmpty(entry.text, '(no text)'))}`)];
  blocks.push(...evidenceBlocks(entry.evidence ?? [], 'Evidence'));
  blocks.push(
    context(
      `Incident \`${escapeMrkdwn(entry.incidentId)}\`${targetId ? ` · ${escapeMrkdwn(targetId)}` : ''}`,
    ),
  );
  const text = `${entry.kind}${targetId ? ` ${targetId}` : ''} at ${formatTime(entry.at)}: ${nonEmpty(entry.text, words)}`;
  return { text: fallbackText(text), blocks: capBlocks(blocks) };
}
