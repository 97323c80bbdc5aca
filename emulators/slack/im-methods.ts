import type { Workspace } from './slack-types.js';
import { fail, ok, type Reply } from './web-api-replies.js';

/**
 * Direct messages between the bot and one person (IMs), as Slack's conversations.open documents them:
 * one `D…` channel per person, opened on first use and the same one ever after. Its id here is the
 * person's id with `D` for its first letter (`U0CAROL` → `D0CAROL`; Slack's ids are unrelated, a guess at
 * the shape only), so opening is idempotent without more state. The channel holds the person as its
 * member and the bot (never in `notInChannel`), so chat.postMessage, history and getPermalink work in it
 * as in any channel; conversations.list (public channels) leaves it out.
 */
export function imId(user: string): string {
  return `D${user.slice(1)}`;
}

export function isIm(channel: string): boolean {
  return channel.startsWith('D');
}

function openIm(workspace: Workspace, user: string): { id: string; opened: boolean } {
  const id = imId(user);
  if (workspace.channels.has(id)) return { id, opened: false };
  workspace.channels.add(id);
  workspace.members.set(id, new Set([user]));
  return { id, opened: true };
}

/**
 * chat.postMessage's `channel` as Slack reads it: a person's id (`U…`/`W…`) posts in the bot's
 * direct message with them, opening it if needed; an unknown person stays unknown (`channel_not_found`).
 */
export function postingChannel(workspace: Workspace, channel: string | undefined): string | undefined {
  if (!channel || workspace.channels.has(channel) || !workspace.users.has(channel)) return channel;
  return openIm(workspace, channel).id;
}

/**
 * conversations.open: `users` (comma-separated, or an array in JSON) with one person opens or resumes
 * the IM (`already_open` + `no_op` the second time); `channel` resumes an open IM by its id;
 * `return_im` answers the whole IM object. Documented errors: `users_list_not_supplied`,
 * `user_not_found`, `too_many_users` (over 8), `channel_not_found`. Multi-person DMs are not imitated.
 */
export function conversationsOpen(workspace: Workspace, params: Record<string, unknown>): Reply {
  const users = (Array.isArray(params.users) ? params.users : String(params.users ?? '').split(','))
    .map((u) => String(u).trim())
    .filter(Boolean);
  let user: string | undefined;
  if (!users.length) {
    const channel = typeof params.channel === 'string' ? params.channel : '';
    if (!channel) return fail('users_list_not_supplied');
    user =
      isIm(channel) && workspace.channels.has(channel)
        ? [...(workspace.members.get(channel) ?? [])][0]
        : undefined;
    if (!user) return fail('channel_not_found');
  } else {
    if (users.length > 8) return fail('too_many_users');
    // A guess: Slack documents no error for this; it opens a multi-person DM, which Lookout never does.
    if (users.length > 1) return fail('method_not_supported_for_channel_type');
    user = users[0];
    if (!user || !workspace.users.has(user)) return fail('user_not_found');
  }
  const { id, opened } = openIm(workspace, user);
  const returnIm = params.return_im === true || params.return_im === 'true';
  return ok({
    ...(opened ? {} : { no_op: true, already_open: true }),
    channel: returnIm ? { id, is_im: true, user, is_open: true } : { id },
  });
}
