import type { Incident, TimelineEntry } from '../incident.js';
import type { ResolverOutcome } from '../observation.js';
import type { Runbook, RunbookStep, RunbookStepAction } from '../runbooks/schema.js';
import { renderSteps, renderTemplate, templateValues } from '../runbooks/template.js';
import { escapeMrkdwn, nonEmpty, SLACK_LIMITS, TRUNCATED, truncate } from './limits.js';
import { RUNBOOK_STEP_FACT } from './markdown-export.js';
import { formatTime } from './time.js';

/** The `action_id` of a step's Done button (the Slack app's listener matches it). */
export const RUNBOOK_STEP_DONE_ACTION = 'runbook_step_done';
/** The `action_id` of a step's automated action button, per action. */
export const RUNBOOK_STEP_ACTION_IDS: Record<RunbookStepAction, string> = {
  recheck: 'runbook_step_recheck',
  restore: 'runbook_step_restore',
};

/** Facts beside RUNBOOK_STEP_FACT on a step's timeline entry: which runbook and which step (1-based). */
export const RUNBOOK_ID_FACT = 'runbookId';
export const RUNBOOK_STEP_NUMBER_FACT = 'runbookStepNumber';

/** Slack's limit for a button's `value`. */
const BUTTON_VALUE_MAX = 2000;
/** The step title carried in a button's value (a rendered title may hold long substituted facts). */
const VALUE_TITLE_MAX = 300;

export interface Button {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string; emoji: true };
  value: string;
}

export type RunbookBlock =
  | { type: 'section'; block_id?: string; text: { type: 'mrkdwn'; text: string }; accessory?: Button }
  | { type: 'actions'; block_id: string; elements: Button[] };

/** Which step of which incident's runbook a button is about; the step's title as it was shown. */
export interface StepRef {
  incidentId: string;
  runbookId: string;
  /** 1-based, as people count steps. */
  step: number;
  title: string;
}

/** A step done, as its timeline entry records it. */
export interface StepDone {
  step: number;
  by: string;
  at: string;
  /** The Slack member id, when a Slack user did it: rendered as a mention (Slack shows the current name). */
  slackUserId?: string;
}

/** Compact JSON in a button's value; short keys, since every step of the root carries one. */
export function encodeStepRef(ref: StepRef): string {
  const value = (title: string) =>
    JSON.stringify({ i: ref.incidentId, r: ref.runbookId, n: ref.step, t: title });
  const encoded = value(truncate(ref.title, VALUE_TITLE_MAX, '…'));
  return encoded.length <= BUTTON_VALUE_MAX ? encoded : value('');
}

/**
 * The steps of `runbookId` done in this timeline, by step number: the first entry per step wins (a
 * second one cannot be written, but a timeline read from an older store may hold one).
 */
export function runbookStepsDone(
  timeline: readonly TimelineEntry[],
  runbookId: string,
): Map<number, StepDone> {
  const done = new Map<number, StepDone>();
  for (const entry of timeline) {
    const facts = entry.facts;
    if (typeof facts?.[RUNBOOK_STEP_FACT] !== 'string' || facts[RUNBOOK_ID_FACT] !== runbookId) continue;
    const step = Number(facts[RUNBOOK_STEP_NUMBER_FACT]);
    if (!Number.isInteger(step) || done.has(step)) continue;
    const slackUserId = facts.slackUserId;
    done.set(step, {
      step,
      by: entry.source,
      at: entry.at,
      ...(typeof slackUserId === 'string' ? { slackUserId } : {}),
    });
  }
  return done;
}

export interface RunbookBlocksInput {
  incident: Incident;
  runbook?: Runbook | undefined;
  evidence?: ResolverOutcome[] | undefined;
  /** Steps done so far (runbookStepsDone over the incident's timeline). */
  done?: ReadonlyMap<number, StepDone> | undefined;
  /** Actions offered only where their feature is on (`restore` needs restore from Slack). */
  actions?: readonly RunbookStepAction[] | undefined;
  /** Blocks the runbook may use in the root (what the rest of the message leaves of Slack's 50). */
  maxBlocks: number;
}

function section(text: string, blockId?: string, accessory?: Button): RunbookBlock {
  return {
    type: 'section',
    ...(blockId ? { block_id: blockId } : {}),
    text: { type: 'mrkdwn', text: truncate(nonEmpty(text), SLACK_LIMITS.sectionText) },
    ...(accessory ? { accessory } : {}),
  };
}

function button(actionId: string, text: string, value: string): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.buttonText), emoji: true },
    value,
  };
}

const ACTION_WORDS: Record<RunbookStepAction, string> = {
  recheck: 'Re-check now',
  restore: 'Restore last-known-good',
};

function doneLine(done: StepDone): string {
  const who = done.slackUserId ? `<@${done.slackUserId}>` : escapeMrkdwn(done.by);
  return `:white_check_mark: _Done by ${who} at ${formatTime(done.at)}_`;
}

function stepText(step: RunbookStep, n: number, done: StepDone | undefined): string {
  const title = `*${n}. ${escapeMrkdwn(step.title)}*`;
  const head = done ? `${title}\n${doneLine(done)}` : title;
  const detail = step.detail ? `\n${escapeMrkdwn(step.detail)}` : '';
  // The command is cut on its own, so a long one never pushes the closing fence out of the section.
  const room = SLACK_LIMITS.sectionText - head.length - detail.length - 8;
  const command =
    step.command && room > 20 ? `\n\`\`\`${truncate(escapeMrkdwn(step.command), room)}\`\`\`` : '';
  return `${head}${detail}${command}`;
}

/** One line per step for steps whose buttons did not fit. */
function listLine(step: RunbookStep, n: number, done: StepDone | undefined): string {
  return `${done ? ':white_check_mark:' : '•'} *${n}. ${escapeMrkdwn(step.title)}*${done ? ` (${doneLine(done).replace(/^:white_check_mark: /, '')})` : ''}`;
}

/**
 * The runbook part of an incident's root: its title, then each step with a Done button, checked off with
 * who and when once its timeline entry exists; a step that declares an automated action gets its button
 * too (where the action is available). A resolved incident's steps carry no buttons. Steps past the block budget are listed in one section without
 * buttons and counted, so nothing is dropped silently.
 *
 * @example
 * blocks.push(...runbookBlocks({ incident, runbook, evidence, done: runbookStepsDone(timeline, runbook.id), maxBlocks: 30 }));
 */
export function runbookBlocks(input: RunbookBlocksInput): RunbookBlock[] {
  const { runbook, incident } = input;
  if (!runbook) return [section('*Runbook:* none configured for this kind of incident.')];
  const values = templateValues(incident, input.evidence);
  const available = new Set(input.actions ?? ['recheck']);
  const steps = renderSteps(runbook, values);
  const blocks: RunbookBlock[] = [
    section(`*Runbook: ${escapeMrkdwn(renderTemplate(runbook.title, values))}*`),
  ];
  const budget = Math.max(2, input.maxBlocks);
  // A resolved incident's steps are a record, not a to-do: no Done, no automated action.
  const open = incident.status !== 'resolved';
  for (const [i, step] of steps.entries()) {
    const n = i + 1;
    const done = input.done?.get(n);
    const ref = encodeStepRef({ incidentId: incident.id, runbookId: runbook.id, step: n, title: step.title });
    const action = open && step.action && available.has(step.action) ? step.action : undefined;
    const needed = action ? 2 : 1;
    // Leave one block for the list of the steps that do not fit, unless this is the last step.
    const reserve = n < steps.length ? 1 : 0;
    if (blocks.length + needed + reserve > budget) {
      blocks.push(overflow(steps.slice(i), n, steps.length, input.done));
      return blocks;
    }
    const doneButton = done || !open ? undefined : button(RUNBOOK_STEP_DONE_ACTION, 'Done', ref);
    blocks.push(section(stepText(step, n, done), `runbook-step-${n}`, doneButton));
    if (action)
      blocks.push({
        type: 'actions',
        block_id: `runbook-step-${n}-action`,
        elements: [button(RUNBOOK_STEP_ACTION_IDS[action], ACTION_WORDS[action], ref)],
      });
  }
  return blocks;
}

function overflow(
  rest: RunbookStep[],
  first: number,
  total: number,
  done: ReadonlyMap<number, StepDone> | undefined,
): RunbookBlock {
  const notice = `${TRUNCATED}: steps ${first}–${total} are listed without their buttons; a Slack message holds ${SLACK_LIMITS.blocks} blocks.`;
  const lines = rest.map((step, j) => listLine(step, first + j, done?.get(first + j)));
  let text = notice;
  for (const [j, line] of lines.entries()) {
    const more = `\n… and ${lines.length - j} more steps.`;
    const fits = text.length + 1 + line.length + (j < lines.length - 1 ? more.length : 0);
    if (fits > SLACK_LIMITS.sectionText) return section(`${text}${more}`, 'runbook-steps-rest');
    text += `\n${line}`;
  }
  return section(text, 'runbook-steps-rest');
}
