import { isIm } from './im-methods.js';
import type { Workspace } from './slack-types.js';
import { fail, ok, page, type Reply, timeWindow, view } from './web-api-replies.js';

/** The read-only methods: auth.test and conversations.info/list/history/replies. */

export function authTest(): Reply {
  return ok({
    url: 'https://lookout-test.slack.com/',
    team: 'Lookout Test',
    user: 'lookout',
    team_id: 'T0LOOKOUT',
    user_id: 'U0LOOKOUT',
    bot_id: 'B0LOOKOUT',
  });
}

export function conversationsInfo(workspace: Workspace, channel: string | undefined): Reply {
  if (!channel || !workspace.channels.has(channel)) return fail('channel_not_found');
  return ok({ channel: describe(workspace, channel) });
}

/** Public channels the bot can see, paginated like Slack's (`limit`, `cursor`, `exclude_archived`). */
export function conversationsList(workspace: Workspace, params: Record<string, unknown>): Reply {
  const excludeArchived = params.exclude_archived === true || params.exclude_archived === 'true';
  const all = [...workspace.channels]
    .filter((id) => !isIm(id) && !(excludeArchived && workspace.archived.has(id)))
    .map((id) => describe(workspace, id));
  return page(all, params, 'channels');
}

/** Top-level messages, newest first, `oldest`/`latest` exclusive unless `inclusive`; ids only. */
export function conversationsHistory(workspace: Workspace, params: Record<string, unknown>): Reply {
  const channel = typeof params.channel === 'string' ? params.channel : undefined;
  if (!channel || !workspace.channels.has(channel)) return fail('channel_not_found');
  if (workspace.notInChannel.has(channel)) return fail('not_in_channel');
  const inWindow = timeWindow(params);
  const found = workspace.messages
    .filter((m) => m.channel === channel && !m.thread_ts && !m.deleted && inWindow(m.ts))
    .reverse()
    .map((m) => view(m, params.include_all_metadata));
  return page(found, params, 'messages');
}

/** The parent first, then its replies oldest first (within `oldest`/`latest`); ids only. */
export function conversationsReplies(workspace: Workspace, params: Record<string, unknown>): Reply {
  const channel = typeof params.channel === 'string' ? params.channel : undefined;
  if (!channel || !workspace.channels.has(channel)) return fail('channel_not_found');
  const { messages } = workspace;
  const parent = messages.find((m) => m.channel === channel && m.ts === params.ts && !m.thread_ts);
  if (!parent) return fail('thread_not_found');
  const inWindow = timeWindow(params);
  const found = [
    parent,
    ...messages.filter(
      (m) => m.channel === channel && m.thread_ts === parent.ts && !m.deleted && inWindow(m.ts),
    ),
  ].map((m) => view(m, params.include_all_metadata));
  return page(found, params, 'messages');
}

export function describe(workspace: Workspace, id: string): Record<string, unknown> {
  return {
    id,
    name: channelName(workspace, id),
    is_member: !workspace.notInChannel.has(id),
    is_archived: workspace.archived.has(id),
    is_private: workspace.privateChannels.has(id),
  };
}

export function channelName(workspace: Workspace, id: string): string {
  return workspace.names.get(id) ?? id.toLowerCase();
}
