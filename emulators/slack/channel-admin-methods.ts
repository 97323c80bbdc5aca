import { channelName, describe } from './conversation-methods.js';
import { BOT_USER, type Workspace } from './slack-types.js';
import { fail, ok, page, type Reply } from './web-api-replies.js';

/**
 * conversations.create / invite / archive / members: the incident channels. They change the same
 * workspace conversations.list/info and chat.* read, so a created channel can be posted to at once and
 * an archived one takes no more posts.
 */

export const MAX_CHANNEL_NAME = 80;

/** What a test asserts about channel administration (shared with `FakeSlack`). */
export interface ChannelLog {
  readonly created: { id: string; name: string; is_private: boolean }[];
  readonly invites: { channel: string; users: string[] }[];
  readonly archives: string[];
}

/** Slack's name rules, in the order its errors suggest: empty, too long, bad characters, only punctuation. */
export function nameProblem(name: string): string | undefined {
  if (!name) return 'invalid_name_required';
  if (name.length > MAX_CHANNEL_NAME) return 'invalid_name_maxlength';
  if (!/^[a-z0-9_-]+$/.test(name)) return 'invalid_name_specials';
  if (!/[a-z0-9]/.test(name)) return 'invalid_name_punctuation';
  return undefined;
}

export function conversationsCreate(
  workspace: Workspace,
  log: ChannelLog,
  params: Record<string, unknown>,
  newId: () => string,
): Reply {
  const name = typeof params.name === 'string' ? params.name : '';
  const problem = nameProblem(name);
  if (problem) return fail(problem);
  // Archived channels keep their names.
  if ([...workspace.channels].some((id) => channelName(workspace, id) === name)) return fail('name_taken');
  const isPrivate = params.is_private === true || params.is_private === 'true';
  const id = newId();
  workspace.channels.add(id);
  workspace.names.set(id, name);
  workspace.members.set(id, new Set());
  if (isPrivate) workspace.privateChannels.add(id);
  log.created.push({ id, name, is_private: isPrivate });
  return ok({
    channel: { ...describe(workspace, id), is_channel: true, creator: BOT_USER, name_normalized: name },
  });
}

/**
 * All or nothing unless `force`: one user who cannot be invited refuses the call with that user's error
 * (and each failure in `errors`); with `force` the others are invited.
 */
export function conversationsInvite(
  workspace: Workspace,
  log: ChannelLog,
  params: Record<string, unknown>,
): Reply {
  const channel = typeof params.channel === 'string' ? params.channel : undefined;
  if (!channel || !workspace.channels.has(channel)) return fail('channel_not_found');
  if (workspace.archived.has(channel)) return fail('is_archived');
  if (workspace.notInChannel.has(channel)) return fail('not_in_channel');
  const users = (typeof params.users === 'string' ? params.users : '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (!users.length) return fail('no_user');
  const members = workspace.members.get(channel) ?? new Set<string>();
  const errors: { user: string; ok: false; error: string }[] = [];
  for (const user of users) {
    const error =
      user === BOT_USER
        ? 'cant_invite_self'
        : !workspace.users.has(user)
          ? 'user_not_found'
          : members.has(user)
            ? 'already_in_channel'
            : undefined;
    if (error) errors.push({ user, ok: false, error });
  }
  const force = params.force === true || params.force === 'true';
  const invited = users.filter((u) => !errors.some((e) => e.user === u));
  if (errors.length && (!force || !invited.length))
    return fail(errors[0]?.error ?? 'cant_invite', 200, { errors });
  for (const user of invited) members.add(user);
  workspace.members.set(channel, members);
  log.invites.push({ channel, users: invited });
  return ok({ channel: describe(workspace, channel), ...(errors.length ? { errors } : {}) });
}

export function conversationsArchive(
  workspace: Workspace,
  log: ChannelLog,
  params: Record<string, unknown>,
): Reply {
  const channel = typeof params.channel === 'string' ? params.channel : undefined;
  if (!channel || !workspace.channels.has(channel)) return fail('channel_not_found');
  if (workspace.archived.has(channel)) return fail('already_archived');
  if (workspace.notInChannel.has(channel)) return fail('not_in_channel');
  workspace.archived.add(channel);
  log.archives.push(channel);
  return ok({});
}

/** The bot first (when it is in the channel), then people in the order they joined. */
export function conversationsMembers(workspace: Workspace, params: Record<string, unknown>): Reply {
  const channel = typeof params.channel === 'string' ? params.channel : undefined;
  if (!channel || !workspace.channels.has(channel)) return fail('channel_not_found');
  const people = [...(workspace.members.get(channel) ?? [])];
  const all = workspace.notInChannel.has(channel) ? people : [BOT_USER, ...people];
  return page(all, params, 'members');
}
