import type { Workspace } from './slack-types.js';
import { fail, ok, type Reply } from './web-api-replies.js';

/** The workspace's URL, as auth.test answers it. */
export const WORKSPACE_URL = 'https://lookout-test.slack.com/';

/**
 * `chat.getPermalink` (channel, message_ts), as Slack documents it: `{ ok, channel, permalink }`, the
 * permalink `…/archives/<channel>/p<ts without the dot>`, and for a reply in a thread
 * `?thread_ts=<parent ts>&cid=<channel>` after it. Errors: `channel_not_found`, `message_not_found`
 * (a deleted message too). Slack lists no scope for it.
 */
export function getPermalink(
  workspace: Workspace,
  params: Record<string, unknown>,
  channel: string | undefined,
): Reply {
  if (!channel || !workspace.channels.has(channel)) return fail('channel_not_found');
  const ts = typeof params.message_ts === 'string' ? params.message_ts : '';
  const message = workspace.messages.find((m) => m.channel === channel && m.ts === ts && !m.deleted);
  if (!message) return fail('message_not_found');
  const thread =
    message.thread_ts && message.thread_ts !== message.ts
      ? `?thread_ts=${message.thread_ts}&cid=${channel}`
      : '';
  const permalink = `${WORKSPACE_URL}archives/${channel}/p${ts.replace('.', '')}${thread}`;
  return ok({ channel, permalink });
}
