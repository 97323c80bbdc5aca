import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sleep } from '../../lambda/shared/sleep.js';
import { ChannelRateLimit } from './channel-rate-limit.js';
import { type PostingDesk, postMessage, updateMessage } from './chat-methods.js';
import {
  authTest,
  conversationsHistory,
  conversationsInfo,
  conversationsList,
  conversationsReplies,
} from './conversation-methods.js';
import { parseBody } from './slack-limits.js';
import type { FakeSlackOptions, RecordedMessage, RequestLog, SlackFault, Workspace } from './slack-types.js';
import { fail, type Reply, readBody, SCOPES, untilDelayOrHangUp } from './web-api-replies.js';

export type { FakeSlackOptions, RecordedMessage, RequestLog, SlackFault } from './slack-types.js';

/**
 * A real HTTP server on 127.0.0.1 speaking enough of Slack's Web API for `@slack/web-api`'s WebClient:
 * form and JSON bodies, bearer auth, `{ ok: false, error }` with HTTP 200, 429 + Retry-After, and
 * fault injection. It records what it accepted so tests can assert on the channel as a person would see it.
 * Transport, faults, auth and scopes live here; each method's own checks live in its handler.
 */
export class FakeSlack {
  readonly messages: RecordedMessage[] = [];
  readonly requests: RequestLog[] = [];
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

  constructor(options: FakeSlackOptions = {}) {
    this.tokens = new Set(options.tokens ?? ['xoxb-test-token']);
    this.workspace = {
      messages: this.messages,
      channels: new Set(options.channels ?? ['C0ALERTS']),
      notInChannel: new Set(options.notInChannel ?? []),
      names: new Map(Object.entries(options.names ?? {})),
    };
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
    this.scopes = options.scopes ? new Set(options.scopes) : undefined;
    this.server = createServer((req, res) => void this.handle(req, res));
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
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/`;
  }

  /** Calls `listener` with every message posted (not updates); returns the way to stop. */
  onMessage(listener: (message: RecordedMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  async stop(): Promise<void> {
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
    if (!this.tokens.has(token)) return fail('invalid_auth');
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
      default:
        return fail('unknown_method', 404);
    }
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
