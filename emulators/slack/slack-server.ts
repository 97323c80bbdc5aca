import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sleep } from '../../lambda/shared/sleep.js';
import {
  type ChannelLog,
  conversationsArchive,
  conversationsCreate,
  conversationsInvite,
  conversationsMembers,
} from './channel-admin-methods.js';
import { ChannelRateLimit } from './channel-rate-limit.js';
import { type PostingDesk, postEphemeral, postMessage, updateMessage } from './chat-methods.js';
import {
  authTest,
  conversationsHistory,
  conversationsInfo,
  conversationsList,
  conversationsReplies,
} from './conversation-methods.js';
import { FileMethods, uploadedBytes } from './file-methods.js';
import { type InteractionContext, Interactions } from './interactions.js';
import { getPermalink } from './permalink-method.js';
import { answerResponseUrl } from './response-url.js';
import { parseBody } from './slack-limits.js';
import {
  BOT_USER,
  type FakeSlackOptions,
  type RecordedEphemeral,
  type RecordedMessage,
  type RecordedResponse,
  type RecordedUpload,
  type RecordedView,
  type RequestLog,
  type SlackFault,
  type SlashCommandPayload,
  TEAM_ID,
  type Usergroup,
  type Workspace,
} from './slack-types.js';
import { FakeSocketMode } from './socket-mode.js';
import { answerCommandHook, COMMAND_HOOK_PATH } from './socket-mode-hook.js';
import type { SocketModeOptions } from './socket-mode-types.js';
import { usergroupUsers } from './usergroup-methods.js';
import { ViewMethods } from './view-methods.js';
import { fail, type Reply, readBody, SCOPES, untilDelayOrHangUp } from './web-api-replies.js';

export type {
  FakeSlackOptions,
  RecordedEphemeral,
  RecordedMessage,
  RecordedResponse,
  RecordedUpload,
  RecordedView,
  RequestLog,
  SlackFault,
  SlashCommandPayload,
  Usergroup,
} from './slack-types.js';

/**
 * A real HTTP server on 127.0.0.1 speaking enough of Slack's Web API for `@slack/web-api`'s WebClient:
 * form and JSON bodies, bearer auth, `{ ok: false, error }` with HTTP 200, 429 + Retry-After, and
 * fault injection. It records what it accepted so tests can assert on the channel as a person would see it.
 * Transport, faults, auth and scopes live here; each method's own checks live in its handler.
 */
export class FakeSlack {
  readonly messages: RecordedMessage[] = [];
  readonly requests: RequestLog[] = [];
  /** Modals opened or pushed, each with its updates. */
  readonly views: RecordedView[] = [];
  /** chat.postEphemeral messages and ephemeral response_url answers. */
  readonly ephemerals: RecordedEphemeral[] = [];
  /** Every POST to a response_url, accepted or refused. */
  readonly responses: RecordedResponse[] = [];
  readonly createdChannels: ChannelLog['created'] = [];
  readonly invites: ChannelLog['invites'] = [];
  /** Channel ids archived, in order. */
  readonly archives: string[] = [];
  /** files.getUploadURLExternal tickets, with the bytes received and how they were shared. */
  readonly uploads: RecordedUpload[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly faults: { fault: SlackFault; method?: string }[] = [];
  private readonly tokens: Set<string>;
  private readonly workspace: Workspace;
  private readonly desk: PostingDesk;
  private readonly scopes: Set<string> | undefined;
  private lastTsMicros = 0;
  private isDown: 'reset' | 503 | false = false;
  private readonly messageListeners = new Set<(message: RecordedMessage) => void>();
  private readonly interactions: Interactions;
  private readonly viewMethods: ViewMethods;
  private readonly fileMethods: FileMethods;
  private channelSequence = 0;
  /** Socket Mode on this server: `apps.connections.open`, its WebSocket URLs, envelopes and acks. */
  readonly socketMode: FakeSocketMode;

  constructor(options: FakeSlackOptions & SocketModeOptions = {}) {
    this.tokens = new Set(options.tokens ?? ['xoxb-test-token']);
    const members = Object.entries(options.members ?? {}).map(([c, users]) => [c, new Set(users)] as const);
    this.workspace = {
      messages: this.messages,
      channels: new Set(options.channels ?? ['C0ALERTS']),
      notInChannel: new Set(options.notInChannel ?? []),
      names: new Map(Object.entries(options.names ?? {})),
      users: new Map([[BOT_USER, 'lookout'], ...Object.entries(options.users ?? {})]),
      members: new Map(members),
      archived: new Set(),
      privateChannels: new Set(),
      usergroups: new Map(Object.entries(options.usergroups ?? {})),
    };
    const clock = options.clock ?? Date.now;
    this.interactions = new Interactions(clock);
    this.viewMethods = new ViewMethods(this.views, this.interactions, clock);
    const rateLimit = new ChannelRateLimit(
      options.rateLimit === undefined ? { perSecond: 1, burst: 3 } : options.rateLimit,
    );
    this.desk = {
      waitFor: (channel) => rateLimit.take(channel),
      nextTs: () => this.nextTs(),
      announce: (message) => {
        for (const listener of this.messageListeners) listener(message);
      },
    };
    this.fileMethods = new FileMethods(this.workspace, this.uploads, this.desk, () => this.origin);
    this.scopes = options.scopes ? new Set(options.scopes) : undefined;
    this.server = createServer((req, res) => void this.handle(req, res));
    this.socketMode = new FakeSocketMode(
      {
        clock,
        origin: () => this.origin,
        slashCommand: (command) => this.slashCommand(command),
        interaction: (context) => this.interaction(context),
        userName: (user) => this.workspace.users.get(user) ?? user.toLowerCase(),
      },
      options,
    );
    this.server.on('upgrade', (req, socket, head) =>
      this.isDown ? socket.destroy() : this.socketMode.upgrade(req, socket, head),
    );
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Base URL for `new WebClient(token, { slackApiUrl })`. */
  get url(): string {
    return `${this.origin}/api/`;
  }

  /** Scheme, host and port; response and upload URLs live here beside `/api/`. */
  get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Calls `listener` with every message posted (not updates); returns the way to stop. */
  onMessage(listener: (message: RecordedMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  async stop(): Promise<void> {
    await this.socketMode.stop();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `n` requests (optionally of one method) get this fault instead of normal handling. */
  failNext(n: number, fault: SlackFault, method?: string): void {
    for (let i = 0; i < n; i++) this.faults.push(method ? { fault, method } : { fault });
  }

  /** Until `up()`: `'reset'` drops connections (a network error), `503` answers Service Unavailable. */
  down(mode: 'reset' | 503 = 'reset'): void {
    this.isDown = mode;
  }

  up(): void {
    this.isDown = false;
  }

  addChannel(channel: string): void {
    this.workspace.channels.add(channel);
  }

  /** A person in the workspace (invitable, can be a channel member). */
  addUser(id: string, name = id.toLowerCase()): void {
    this.workspace.users.set(id, name);
  }

  /** Puts people in a channel (as if they had joined), adding unknown ones to the workspace. */
  addMembers(channel: string, ...users: string[]): void {
    const members = this.workspace.members.get(channel) ?? new Set<string>();
    for (const user of users) {
      if (!this.workspace.users.has(user)) this.addUser(user);
      members.add(user);
    }
    this.workspace.members.set(channel, members);
  }

  /** Defines or redefines a user group (`S…`) for usergroups.users.list. */
  defineUsergroup(id: string, users: string[], more: Omit<Usergroup, 'users'> = {}): void {
    this.workspace.usergroups.set(id, { users: [...users], ...more });
  }

  /**
   * A person typed a slash command: the fields Slack sends the app, with a fresh `trigger_id` (one
   * modal, 3 s) and `response_url` (5 answers, 30 min) on the emulator's clock.
   */
  slashCommand(command: {
    command: string;
    text?: string;
    user: string;
    channel: string;
  }): SlashCommandPayload {
    const context = { user: command.user, channel: command.channel };
    return {
      team_id: TEAM_ID,
      channel_id: command.channel,
      channel_name: this.workspace.names.get(command.channel) ?? command.channel.toLowerCase(),
      user_id: command.user,
      user_name: this.workspace.users.get(command.user) ?? command.user.toLowerCase(),
      command: command.command,
      text: command.text ?? '',
      trigger_id: this.interactions.issueTrigger(context),
      response_url: `${this.origin}${this.interactions.issueResponsePath('commands', context)}`,
    };
  }

  /**
   * A person pressed a button, used a shortcut or submitted a modal: a fresh `trigger_id`, and a
   * `response_url` when it happened in a channel (on the message `messageTs`, which
   * `replace_original`/`delete_original` then change).
   */
  interaction(context: InteractionContext): { trigger_id: string; response_url?: string } {
    const trigger_id = this.interactions.issueTrigger(context);
    if (!context.channel) return { trigger_id };
    return {
      trigger_id,
      response_url: `${this.origin}${this.interactions.issueResponsePath('actions', context)}`,
    };
  }

  /** Top-level messages of a channel, in posting order. */
  roots(channel: string): RecordedMessage[] {
    return this.messages.filter((m) => m.channel === channel && !m.thread_ts);
  }

  replies(channel: string, threadTs: string): RecordedMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.thread_ts === threadTs);
  }

  count(method: string, status?: number): number {
    return this.requests.filter((r) => r.method === method && (status === undefined || r.status === status))
      .length;
  }

  /** Tokens can be revoked and granted again while the server runs (token trouble, then a fix). */
  revoke(token: string): void {
    this.tokens.delete(token);
  }

  grant(token: string): void {
    this.tokens.add(token);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    if (this.isDown === 'reset') {
      req.socket.destroy();
      return;
    }
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith('/api/')) {
      await this.handleHook(path, req, res);
      return;
    }
    const raw = await readBody(req);
    const params = parseBody(raw, req.headers['content-type']);
    const channel = typeof params?.channel === 'string' ? params.channel : undefined;
    const fault = this.takeFault(method);
    if (fault && 'body' in fault) {
      // Not Slack answering: a proxy or load balancer in between. Nothing was performed.
      this.requests.push({ method, ...(channel ? { channel } : {}), status: fault.status ?? 200 });
      res.writeHead(fault.status ?? 200, { 'content-type': fault.contentType ?? 'text/html' });
      res.end(fault.body);
      return;
    }
    const reply = await this.answer(method, params, req.headers.authorization, fault);
    this.requests.push({
      method,
      ...(channel ? { channel } : {}),
      status: reply.status,
      ...(reply.error ? { error: reply.error } : {}),
    });
    if (fault && 'performThenDelayMs' in fault) await untilDelayOrHangUp(req, fault.performThenDelayMs);
    if (res.destroyed || req.socket.destroyed) return;
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      ...(reply.retryAfter !== undefined ? { 'retry-after': String(reply.retryAfter) } : {}),
    });
    res.end(
      JSON.stringify(
        reply.error ? { ok: false, error: reply.error, ...reply.body } : { ok: true, ...reply.body },
      ),
    );
  }

  /** The URLs Slack hands out besides the Web API (upload and response URLs), and the command hook. */
  private async handleHook(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const upload = /^\/upload\/v1\/([^/]+)$/.exec(path);
    if (upload?.[1]) {
      const bytes = await uploadedBytes(req).catch(() => undefined);
      // A multipart body that does not parse is refused whole (Slack's answer to it is not documented).
      const answer = bytes
        ? this.fileMethods.receive(upload[1], bytes)
        : { status: 400, body: 'invalid_form_data' };
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
      return;
    }
    const raw = await readBody(req);
    if (path === COMMAND_HOOK_PATH) {
      const channel = [...this.workspace.channels][0] ?? 'C0ALERTS';
      const typed = await answerCommandHook(this.socketMode, parseBody(raw, req.headers['content-type']), {
        user: 'U0OPERATOR',
        channel,
      });
      res.writeHead(typed.status, { 'content-type': 'application/json' }).end(JSON.stringify(typed.body));
      return;
    }
    const answer = answerResponseUrl(path, `${this.origin}${path}`, raw, {
      workspace: this.workspace,
      desk: this.desk,
      interactions: this.interactions,
      ephemerals: this.ephemerals,
      responses: this.responses,
    });
    res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
  }

  private takeFault(method: string): SlackFault | undefined {
    const index = this.faults.findIndex((f) => !f.method || f.method === method);
    if (index < 0) return undefined;
    const [{ fault }] = this.faults.splice(index, 1) as [{ fault: SlackFault }];
    return fault;
  }

  private async answer(
    method: string,
    params: Record<string, unknown> | undefined,
    authorization: string | undefined,
    fault: SlackFault | undefined,
  ): Promise<Reply> {
    if (this.isDown === 503) return fail('service_unavailable', 503);
    if (!params) return fail('invalid_json');
    if (fault && 'delayMs' in fault) await sleep(fault.delayMs);
    else if (fault && 'status' in fault) return fail(`http_${fault.status}`, fault.status);
    else if (fault && 'error' in fault) {
      if (fault.error === 'ratelimited')
        return { ...fail('ratelimited', 429), retryAfter: fault.retryAfter ?? 1 };
      return fail(fault.error);
    }
    const token = authorization?.replace(/^Bearer\s+/i, '') ?? (params.token as string | undefined);
    if (!token) return fail('not_authed');
    if (method === 'apps.connections.open') return this.socketMode.open(token, this.tokens.has(token));
    // An app-level token is for opening connections only: Slack refuses it everywhere else by its type.
    if (!this.tokens.has(token))
      return fail(this.socketMode.isAppToken(token) ? 'not_allowed_token_type' : 'invalid_auth');
    const needed = SCOPES[method];
    if (this.scopes && needed && !needed.some((scope) => this.scopes?.has(scope)))
      return fail('missing_scope', 200, { needed: needed.join(','), provided: [...this.scopes].join(',') });
    const channel = this.channelId(params.channel);
    switch (method) {
      case 'auth.test':
        return authTest();
      case 'conversations.info':
        return conversationsInfo(this.workspace, channel);
      case 'conversations.list':
        return conversationsList(this.workspace, params);
      case 'conversations.history':
        return conversationsHistory(this.workspace, params);
      case 'conversations.replies':
        return conversationsReplies(this.workspace, params);
      case 'chat.postMessage':
        return postMessage(this.workspace, this.desk, params, channel);
      case 'chat.update':
        return updateMessage(this.workspace, params, channel);
      case 'chat.postEphemeral':
        return postEphemeral(this.workspace, this.desk, this.ephemerals, params, channel);
      case 'chat.getPermalink':
        return getPermalink(this.workspace, params, channel);
      case 'views.open':
        return this.viewMethods.open(params);
      case 'views.push':
        return this.viewMethods.push(params);
      case 'views.update':
        return this.viewMethods.update(params);
      case 'conversations.create':
        return conversationsCreate(this.workspace, this.channelLog, params, () => this.newChannelId());
      case 'conversations.invite':
        return conversationsInvite(this.workspace, this.channelLog, params);
      case 'conversations.archive':
        return conversationsArchive(this.workspace, this.channelLog, params);
      case 'conversations.members':
        return conversationsMembers(this.workspace, params);
      case 'usergroups.users.list':
        return usergroupUsers(this.workspace, params);
      case 'files.getUploadURLExternal':
        return this.fileMethods.getUploadUrl(params);
      case 'files.completeUploadExternal':
        return this.fileMethods.complete(params);
      default:
        return fail('unknown_method', 404);
    }
  }

  private get channelLog(): ChannelLog {
    return { created: this.createdChannels, invites: this.invites, archives: this.archives };
  }

  private newChannelId(): string {
    let id: string;
    do id = `C1${String(++this.channelSequence).padStart(8, '0')}`;
    while (this.workspace.channels.has(id));
    return id;
  }

  /** chat.* accept an id or a `#name`; conversations.history/replies take ids only (as Slack's do). */
  private channelId(value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    const name = value.replace(/^#/, '');
    for (const [id, n] of this.workspace.names) if (n === name) return id;
    return value;
  }

  /**
   * Like Slack's: the posting time in epoch seconds with microseconds (`1764649684.123456`), strictly
   * increasing, so string order is posting order and `oldest`/`latest` filters mean what they mean there.
   */
  private nextTs(): string {
    this.lastTsMicros = Math.max(this.lastTsMicros + 1, Date.now() * 1000);
    return `${Math.floor(this.lastTsMicros / 1e6)}.${String(this.lastTsMicros % 1e6).padStart(6, '0')}`;
  }
}
