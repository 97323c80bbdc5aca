import type { FakeSlack } from '../../emulators/slack/slack-server.js';

/**
 * Interaction payloads as Slack posts them to the app (the `payload` form field), with a fresh
 * `trigger_id` and `response_url` from the emulator, so modals and answers work as they would.
 */

const TEAM = { id: 'T0LOOKOUT', domain: 'lookout-test' };

function user(id: string) {
  const name = id.replace(/^U0/, '').toLowerCase();
  return { id, username: name, name, team_id: TEAM.id };
}

/** A button in a channel message pressed (`block_actions`). */
export function buttonPress(
  slack: FakeSlack,
  options: {
    user: string;
    channel: string;
    messageTs: string;
    actionId: string;
    blockId: string;
    value: string;
  },
) {
  const { trigger_id, response_url } = slack.interaction({
    user: options.user,
    channel: options.channel,
    messageTs: options.messageTs,
  });
  return {
    type: 'block_actions',
    user: user(options.user),
    api_app_id: 'A0LOOKOUT',
    token: 'verification-token',
    container: {
      type: 'message',
      message_ts: options.messageTs,
      channel_id: options.channel,
      is_ephemeral: false,
    },
    trigger_id,
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: options.channel, name: 'alerts' },
    message: { type: 'message', ts: options.messageTs, user: 'U0LOOKOUT', text: 'root' },
    response_url,
    actions: [
      {
        action_id: options.actionId,
        block_id: options.blockId,
        text: { type: 'plain_text', text: 'Done', emoji: true },
        value: options.value,
        type: 'button',
        action_ts: `${Math.floor(Date.now() / 1000)}.000100`,
      },
    ],
  };
}

/** A message shortcut used on a message (`message_action`). */
export function messageShortcut(
  slack: FakeSlack,
  options: {
    user: string;
    channel: string;
    callbackId: string;
    message: { ts: string; user?: string; text: string };
  },
) {
  const { trigger_id, response_url } = slack.interaction({
    user: options.user,
    channel: options.channel,
    messageTs: options.message.ts,
  });
  return {
    type: 'message_action',
    token: 'verification-token',
    action_ts: `${Math.floor(Date.now() / 1000)}.000200`,
    team: TEAM,
    user: user(options.user),
    channel: { id: options.channel, name: 'alerts' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: options.callbackId,
    trigger_id,
    response_url,
    message_ts: options.message.ts,
    message: { type: 'message', ...options.message },
  };
}

/** A modal submitted (`view_submission`) with the values its inputs hold. */
export function viewSubmission(
  slack: FakeSlack,
  options: {
    user: string;
    view: { id: string; callback_id: string; private_metadata: string };
    values: Record<string, Record<string, unknown>>;
  },
) {
  const { trigger_id } = slack.interaction({ user: options.user });
  return {
    type: 'view_submission',
    team: TEAM,
    user: user(options.user),
    api_app_id: 'A0LOOKOUT',
    token: 'verification-token',
    trigger_id,
    view: {
      type: 'modal',
      team_id: TEAM.id,
      app_id: 'A0LOOKOUT',
      bot_id: 'B0LOOKOUT',
      hash: '1.abc',
      ...options.view,
      state: { values: options.values },
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}
