import { randomBytes } from 'node:crypto';
import type { InteractionContext } from './interactions.js';
import type { SlashCommandPayload } from './slack-types.js';
import { TEAM_ID } from './slack-types.js';
import { APP_ID, type Envelope } from './socket-mode-types.js';

/**
 * The payloads Slack puts in Socket Mode envelopes: the same fields it would POST to a request URL, as
 * JSON (slash command fields stay strings, as in the form Slack posts over HTTP).
 */

/** Slack's interaction payload kinds whose ack may carry an answer (`response_action`, options). */
const ANSWERABLE_INTERACTIONS = new Set(['view_submission', 'block_suggestion']);

/** Envelope ids look like Slack's (a UUID). */
export function newEnvelopeId(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function slashCommandEnvelope(command: SlashCommandPayload): Envelope {
  return {
    envelope_id: newEnvelopeId(),
    type: 'slash_commands',
    payload: {
      token: 'emulator-verification-token',
      team_domain: 'lookout',
      api_app_id: APP_ID,
      is_enterprise_install: 'false',
      ...command,
    },
    accepts_response_payload: true,
  };
}

/** What a test says about an interaction: its kind, who, where, and the kind's own fields. */
export interface InteractionInput extends InteractionContext {
  /** `block_actions`, `view_submission`, `message_action`, `shortcut`, `block_suggestion`, … */
  type: string;
  /** The kind's own fields (`actions`, `view`, `message`, `callback_id`, …), merged over the common ones. */
  fields?: Record<string, unknown>;
}

export function interactionEnvelope(
  input: InteractionInput,
  handles: { trigger_id: string; response_url?: string },
  userName: string,
): Envelope {
  const payload: Record<string, unknown> = {
    type: input.type,
    team: { id: TEAM_ID, domain: 'lookout' },
    user: { id: input.user, username: userName, name: userName, team_id: TEAM_ID },
    api_app_id: APP_ID,
    token: 'emulator-verification-token',
    trigger_id: handles.trigger_id,
    ...(handles.response_url ? { response_url: handles.response_url } : {}),
    ...(input.channel ? { channel: { id: input.channel } } : {}),
    ...(input.channel && input.messageTs
      ? {
          container: { type: 'message', message_ts: input.messageTs, channel_id: input.channel },
          message: { ts: input.messageTs },
        }
      : {}),
    ...input.fields,
  };
  return {
    envelope_id: newEnvelopeId(),
    type: 'interactive',
    payload,
    accepts_response_payload: ANSWERABLE_INTERACTIONS.has(input.type),
  };
}

let eventSequence = 0;

/** An Events API callback (`event_callback`) around `event`, with a fresh `event_id`. */
export function eventEnvelope(event: Record<string, unknown>, nowMs: number): Envelope {
  return {
    envelope_id: newEnvelopeId(),
    type: 'events_api',
    payload: {
      token: 'emulator-verification-token',
      team_id: TEAM_ID,
      api_app_id: APP_ID,
      event,
      type: 'event_callback',
      event_id: `Ev${String(++eventSequence).padStart(9, '0')}`,
      event_time: Math.floor(nowMs / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: TEAM_ID,
          user_id: 'U0LOOKOUT',
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    },
    accepts_response_payload: false,
    retry_attempt: 0,
    retry_reason: '',
  };
}
