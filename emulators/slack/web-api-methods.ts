import {
  type ChannelLog,
  conversationsArchive,
  conversationsCreate,
  conversationsInvite,
  conversationsMembers,
} from './channel-admin-methods.js';
import { type PostingDesk, postEphemeral, postMessage, updateMessage } from './chat-methods.js';
import {
  authTest,
  conversationsHistory,
  conversationsInfo,
  conversationsList,
  conversationsReplies,
} from './conversation-methods.js';
import type { FileMethods } from './file-methods.js';
import { conversationsOpen, postingChannel } from './im-methods.js';
import { getPermalink } from './permalink-method.js';
import type { RecordedEphemeral, Workspace } from './slack-types.js';
import { usergroupUsers } from './usergroup-methods.js';
import type { ViewMethods } from './view-methods.js';
import type { Reply } from './web-api-replies.js';

/** What the Web API methods work on: the workspace and the emulator's records of it. */
export interface MethodContext {
  readonly workspace: Workspace;
  readonly desk: PostingDesk;
  readonly ephemerals: RecordedEphemeral[];
  readonly views: ViewMethods;
  readonly files: FileMethods;
  readonly channelLog: ChannelLog;
  newChannelId(): string;
}

type Params = Record<string, unknown>;
type Method = (ctx: MethodContext, params: Params, channel: string | undefined) => Reply | Promise<Reply>;

/**
 * Every Web API method the emulator answers, by name, once transport, faults, auth and scopes have
 * passed; `channel` is the `channel` argument resolved from a `#name` to its id.
 */
export const WEB_API_METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  ['auth.test', () => authTest()],
  ['conversations.info', (ctx, _params, channel) => conversationsInfo(ctx.workspace, channel)],
  ['conversations.list', (ctx, params) => conversationsList(ctx.workspace, params)],
  ['conversations.history', (ctx, params) => conversationsHistory(ctx.workspace, params)],
  ['conversations.replies', (ctx, params) => conversationsReplies(ctx.workspace, params)],
  [
    'chat.postMessage',
    (ctx, params, channel) =>
      postMessage(ctx.workspace, ctx.desk, params, postingChannel(ctx.workspace, channel)),
  ],
  ['conversations.open', (ctx, params) => conversationsOpen(ctx.workspace, params)],
  ['chat.update', (ctx, params, channel) => updateMessage(ctx.workspace, params, channel)],
  [
    'chat.postEphemeral',
    (ctx, params, channel) => postEphemeral(ctx.workspace, ctx.desk, ctx.ephemerals, params, channel),
  ],
  ['chat.getPermalink', (ctx, params, channel) => getPermalink(ctx.workspace, params, channel)],
  ['views.open', (ctx, params) => ctx.views.open(params)],
  ['views.push', (ctx, params) => ctx.views.push(params)],
  ['views.update', (ctx, params) => ctx.views.update(params)],
  [
    'conversations.create',
    (ctx, params) => conversationsCreate(ctx.workspace, ctx.channelLog, params, () => ctx.newChannelId()),
  ],
  ['conversations.invite', (ctx, params) => conversationsInvite(ctx.workspace, ctx.channelLog, params)],
  ['conversations.archive', (ctx, params) => conversationsArchive(ctx.workspace, ctx.channelLog, params)],
  ['conversations.members', (ctx, params) => conversationsMembers(ctx.workspace, params)],
  ['usergroups.users.list', (ctx, params) => usergroupUsers(ctx.workspace, params)],
  ['files.getUploadURLExternal', (ctx, params) => ctx.files.getUploadUrl(params)],
  ['files.completeUploadExternal', (ctx, params) => ctx.files.complete(params)],
]);
