import type { Incident } from '../../../../domain/incident.js';
import { truncate } from '../../../../domain/render/limits.js';
import * as z from '../../../../shared/zod.js';
import { readCarriedJson } from '../../carried-json.js';

/** The modal's `callback_id`: the view listener matches it. */
export const ADD_TO_TIMELINE_VIEW = 'add_to_timeline';
/** The incident chooser's block and action ids. */
export const INCIDENT_BLOCK = 'incident';
export const INCIDENT_ACTION = 'incident';

/** Slack's limits this modal lives within (views.open refuses more). */
const LIMITS = { options: 100, optionText: 75, optionValue: 150, privateMetadata: 3000, section: 3000 };
/** The message text kept for the timeline: enough to recognise it; the permalink has the rest. */
export const EXCERPT_CHARS = 500;

/** What the modal carries from the shortcut to the submission (the message, not yet its permalink). */
const messageSchema = z.object({
  channel: z.string().check(z.minLength(1)),
  ts: z.string().check(z.regex(/^\d+\.\d+$/)),
  author: z.optional(z.string()),
  excerpt: z.string(),
});
export type CopiedMessage = z.infer<typeof messageSchema>;

export function encodeMessage(message: CopiedMessage): string {
  const encoded = JSON.stringify({ ...message, excerpt: truncate(message.excerpt, EXCERPT_CHARS, '…') });
  // Escaped characters may lengthen the JSON past Slack's 3,000: cut the excerpt until it fits.
  if (encoded.length <= LIMITS.privateMetadata) return encoded;
  return JSON.stringify({ ...message, excerpt: truncate(message.excerpt, 100, '…') });
}

export function decodeMessage(metadata: string): CopiedMessage | undefined {
  return readCarriedJson(messageSchema, metadata);
}

function plain(text: string, max: number) {
  return { type: 'plain_text' as const, text: truncate(text, max, '…'), emoji: true };
}

/** The newest open incidents first, as many as a static select holds. */
export function choosable(incidents: readonly Incident[]): Incident[] {
  return incidents
    .filter((i) => i.status !== 'resolved')
    .sort((a, b) => b.openedAt.localeCompare(a.openedAt))
    .slice(0, LIMITS.options);
}

/**
 * "Add to incident timeline": which incident (a static select of the open ones, newest first) and the
 * message as it will be copied. The message travels in `private_metadata`; its permalink is asked for on
 * submission, off the 3-second path of opening the modal.
 */
export function addToTimelineView(incidents: readonly Incident[], message: CopiedMessage) {
  const options = incidents.map((i) => ({
    text: plain(`${i.id} · ${i.title}`, LIMITS.optionText),
    value: truncate(i.id, LIMITS.optionValue, ''),
  }));
  const quoted = message.excerpt ? escapeForSection(message.excerpt) : '_(the message has no text)_';
  const author = message.author ? `<@${message.author}>` : 'someone';
  return {
    type: 'modal' as const,
    callback_id: ADD_TO_TIMELINE_VIEW,
    title: plain('Add to timeline', 24),
    submit: plain('Add', 24),
    close: plain('Cancel', 24),
    private_metadata: encodeMessage(message),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `Copy this message by ${author} into an incident's timeline:\n>${quoted}`,
            LIMITS.section,
          ),
        },
      },
      {
        type: 'input',
        block_id: INCIDENT_BLOCK,
        label: plain('Incident', 2000),
        element: {
          type: 'static_select',
          action_id: INCIDENT_ACTION,
          placeholder: plain('Choose an open incident', 150),
          options,
        },
      },
    ],
  };
}

function escapeForSection(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '\n>');
}
