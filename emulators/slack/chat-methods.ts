import { checkContent } from './slack-limits.js';
import type { RecordedEphemeral, RecordedMessage, Workspace } from './slack-types.js';
import { fail, ok, parseMetadata, type Reply } from './web-api-replies.js';

/** What posting needs from the server beyond the workspace: its rate limit, clock and listeners. */
export interface PostingDesk {
  /** Seconds until the channel may post again (0 = allowed now, and a token was taken). */
  waitFor(channel: string): number;
  nextTs(): string;
  announce(message: RecordedMessage): void;
}

export function postMessage(
  workspace: Workspace,
  desk: PostingDesk,
  params: Record<string, unknown>,
  channel: string | undefined,
): Reply {
  if (!channel || !workspace.channels.has(channel)) return fail('channel_not_found');
  if (workspace.archived.has(channel)) return fail('is_archived');
  if (workspace.notInChannel.has(channel)) return fail('not_in_channel');
  const content = checkContent(params);
  if ('error' in content) return fail(content.error, 200, content.extra);
  const metadata = parseMetadata(params.metadata);
  if (metadata === null) return fail('invalid_metadata_format');
  const threadTs = typeof params.thread_ts === 'string' && params.thread_ts ? params.thread_ts : undefined;
  // Slack answers thread_not_found for a parent it does not know (conversations.replies documents it).
  if (threadTs && !workspace.messages.some((m) => m.channel === channel && m.ts === threadTs))
    return fail('thread_not_found');
  const wait = desk.waitFor(channel);
  if (wait > 0) return { ...fail('ratelimited', 429), retryAfter: Math.ceil(wait) };
  const ts = desk.nextTs();
  const message: RecordedMessage = {
    channel,
    ts,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    ...content,
    updates: [],
    ...(metadata ? { metadata } : {}),
  };
  workspace.messages.push(message);
  desk.announce(message);
  return ok({ channel, ts, message: { ts, text: content.text ?? '' } });
}

export function updateMessage(
  workspace: Workspace,
  params: Record<string, unknown>,
  channel: string | undefined,
): Reply {
  if (!channel || !workspace.channels.has(channel)) return fail('channel_not_found');
  if (typeof params.ts !== 'string' || !params.ts) return fail('invalid_arguments');
  const message = workspace.messages.find((m) => m.channel === channel && m.ts === params.ts);
  if (!message) return fail('message_not_found');
  const content = checkContent(params);
  if ('error' in content) return fail(content.error, 200, content.extra);
  message.updates.push(content);
  return ok({ channel, ts: message.ts, text: content.text ?? '' });
}

/** A message only `user` sees; Slack keeps no copy in the channel, so it is recorded apart. */
export function postEphemeral(
  workspace: Workspace,
  desk: PostingDesk,
  ephemerals: RecordedEphemeral[],
  params: Record<string, unknown>,
  channel: string | undefined,
): Reply {
  if (!channel || !workspace.channels.has(channel)) return fail('channel_not_found');
  if (workspace.archived.has(channel)) return fail('is_archived');
  if (workspace.notInChannel.has(channel)) return fail('not_in_channel');
  const user = typeof params.user === 'string' ? params.user : '';
  // Slack documents no user_not_found here: someone who does not exist is not in the channel either.
  if (!workspace.members.get(channel)?.has(user)) return fail('user_not_in_channel');
  const content = checkContent(params);
  if ('error' in content) return fail(content.error, 200, content.extra);
  const threadTs = typeof params.thread_ts === 'string' && params.thread_ts ? params.thread_ts : undefined;
  const messageTs = desk.nextTs();
  ephemerals.push({
    channel,
    user,
    message_ts: messageTs,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    ...content,
    via: 'chat.postEphemeral',
  });
  return ok({ message_ts: messageTs });
}
