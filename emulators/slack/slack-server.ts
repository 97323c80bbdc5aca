import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { checkContent, parseBody } from './slack-limits.js';
import {
  fail,
  ok,
  page,
  parseMetadata,
  type Reply,
  readBody,
  SCOPES,
  timeWindow,
  untilDelayOrHangUp,
  view,
} from './web-api-replies.js';

/**
 * One fault to inject into the next matching request(s):
 * - `status`: that HTTP status with a Slack-shaped body, call not performed;
 * - `error`: Slack refuses the call with that `error` (429 + Retry-After for `ratelimited`);
 * - `delayMs`: wait, then handle the call normally;
 * - `performThenDelayMs`: perform the call at once, answer only after the delay (a slow Slack whose
 *   client times out although the message was posted);
 * - `body`: answer with a body that is not Slack's (a proxy's HTML page, an empty body), call not performed.
 */
export type SlackFault =
  | { status: number }
  | { error: string; retryAfter?: number }
  | { delayMs: number }
  | { performThenDelayMs: number }
  | { body: string; status?: number; contentType?: string };

export interface RecordedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  /** Every accepted chat.update of this message, oldest first. */
  updates: { text?: string; blocks?: unknown[] }[];
  /** Message metadata as posted (`event_type`, `event_payload`). */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface RequestLog {
  method: string;
  channel?: string;
  status: number;
  error?: string;
}

export interface FakeSlackOptions {
  /** Bot tokens that authenticate; anything else is `invalid_auth`. */
  tokens?: string[];
  /** Channel ids or names that exist; posting elsewhere is `channel_not_found`. */
  channels?: string[];
  /** Channels that exist but the bot is not a member of (`not_in_channel`). */
  notInChannel?: string[];
  /** Per-channel token bucket for chat.postMessage, like Slack's ~1 message/s with bursts; false = off. */
  rateLimit?: { perSecond: number; burst: number } | false;
  /** Channel names (without `#`) by id, for posting by name and `conversations.list`. */
  names?: Record<string, string>;
  /** Scopes the token has; a method needing another answers `missing_scope`. Default: all. */
  scopes?: string[];
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A real HTTP server on 127.0.0.1 speaking enough of Slack's Web API for `@slack/web-api`'s WebClient:
 * form and JSON bodies, bearer auth, `{ ok: false, error }` with HTTP 200, 429 + Retry-After, and
 * fault injection. It records what it accepted so tests can assert on the channel as a person would see it.
 */
export class FakeSlack {
  readonly messages: RecordedMessage[] = [];
  readonly requests: RequestLog[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly faults: { fault: SlackFault; method?: string }[] = [];
  private readonly buckets = new Map<string, Bucket>();
  private readonly tokens: Set<string>;
  private readonly channels: Set<string>;
  private readonly notInChannel: Set<string>;
  private readonly rateLimit: { perSecond: number; burst: number } | false;
  private readonly names: Map<string, string>;
  private readonly scopes: Set<string> | undefined;
  private lastTsMicros = 0;
  private isDown: 'reset' | 503 | false = false;
  private readonly messageListeners = new Set<(message: RecordedMessage) => void>();

  constructor(options: FakeSlackOptions = {}) {
    this.tokens = new Set(options.tokens ?? ['xoxb-test-token']);
    this.channels = new Set(options.channels ?? ['C0ALERTS']);
    this.notInChannel = new Set(options.notInChannel ?? []);
    this.rateLimit = options.rateLimit === undefined ? { perSecond: 1, burst: 3 } : options.rateLimit;
    this.names = new Map(Object.entries(options.names ?? {}));
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
    this.channels.add(channel);
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
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
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
        return ok({
          url: 'https://lookout-test.slack.com/',
          team: 'Lookout Test',
          user: 'lookout',
          team_id: 'T0LOOKOUT',
          user_id: 'U0LOOKOUT',
          bot_id: 'B0LOOKOUT',
        });
      case 'conversations.info':
        if (!channel || !this.channels.has(channel)) return fail('channel_not_found');
        return ok({
          channel: {
            id: channel,
            name: this.names.get(channel) ?? channel.toLowerCase(),
            is_member: !this.notInChannel.has(channel),
          },
        });
      case 'conversations.list':
        return this.list(params);
      case 'conversations.history':
        return this.history(params);
      case 'conversations.replies':
        return this.threadReplies(params);
      case 'chat.postMessage':
        return this.postMessage(params, channel);
      case 'chat.update':
        return this.update(params, channel);
      default:
        return fail('unknown_method', 404);
    }
  }

  /** chat.* accept an id or a `#name`; conversations.history/replies take ids only (as Slack's do). */
  private channelId(value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    const name = value.replace(/^#/, '');
    for (const [id, n] of this.names) if (n === name) return id;
    return value;
  }

  private postMessage(params: Record<string, unknown>, channel: string | undefined): Reply {
    if (!channel || !this.channels.has(channel)) return fail('channel_not_found');
    if (this.notInChannel.has(channel)) return fail('not_in_channel');
    const content = checkContent(params);
    if ('error' in content) return fail(content.error, 200, content.extra);
    const metadata = parseMetadata(params.metadata);
    if (metadata === null) return fail('invalid_metadata_format');
    const threadTs = typeof params.thread_ts === 'string' && params.thread_ts ? params.thread_ts : undefined;
    // Slack answers thread_not_found for a parent it does not know (conversations.replies documents it).
    if (threadTs && !this.messages.some((m) => m.channel === channel && m.ts === threadTs))
      return fail('thread_not_found');
    const wait = this.take(channel);
    if (wait > 0) return { ...fail('ratelimited', 429), retryAfter: Math.ceil(wait) };
    const ts = this.nextTs();
    const message: RecordedMessage = {
      channel,
      ts,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...content,
      updates: [],
      ...(metadata ? { metadata } : {}),
    };
    this.messages.push(message);
    for (const listener of this.messageListeners) listener(message);
    return ok({ channel, ts, message: { ts, text: content.text ?? '' } });
  }

  private update(params: Record<string, unknown>, channel: string | undefined): Reply {
    if (!channel || !this.channels.has(channel)) return fail('channel_not_found');
    if (typeof params.ts !== 'string' || !params.ts) return fail('invalid_arguments');
    const message = this.messages.find((m) => m.channel === channel && m.ts === params.ts);
    if (!message) return fail('message_not_found');
    const content = checkContent(params);
    if ('error' in content) return fail(content.error, 200, content.extra);
    message.updates.push(content);
    return ok({ channel, ts: message.ts, text: content.text ?? '' });
  }

  /** Public channels the bot can see, paginated like Slack's (`limit`, `cursor`). */
  private list(params: Record<string, unknown>): Reply {
    const all = [...this.channels].map((id) => ({
      id,
      name: this.names.get(id) ?? id.toLowerCase(),
      is_member: !this.notInChannel.has(id),
    }));
    return page(all, params, 'channels');
  }

  /** Top-level messages, newest first, `oldest`/`latest` exclusive unless `inclusive`; ids only. */
  private history(params: Record<string, unknown>): Reply {
    const channel = typeof params.channel === 'string' ? params.channel : undefined;
    if (!channel || !this.channels.has(channel)) return fail('channel_not_found');
    if (this.notInChannel.has(channel)) return fail('not_in_channel');
    const inWindow = timeWindow(params);
    const found = this.messages
      .filter((m) => m.channel === channel && !m.thread_ts && inWindow(m.ts))
      .reverse()
      .map((m) => view(m, params.include_all_metadata));
    return page(found, params, 'messages');
  }

  /** The parent first, then its replies oldest first (within `oldest`/`latest`); ids only. */
  private threadReplies(params: Record<string, unknown>): Reply {
    const channel = typeof params.channel === 'string' ? params.channel : undefined;
    if (!channel || !this.channels.has(channel)) return fail('channel_not_found');
    const parent = this.messages.find((m) => m.channel === channel && m.ts === params.ts && !m.thread_ts);
    if (!parent) return fail('thread_not_found');
    const inWindow = timeWindow(params);
    const found = [
      parent,
      ...this.messages.filter((m) => m.channel === channel && m.thread_ts === parent.ts && inWindow(m.ts)),
    ].map((m) => view(m, params.include_all_metadata));
    return page(found, params, 'messages');
  }

  /** Seconds until the channel may post again (0 = allowed now, and a token was taken). */
  private take(channel: string): number {
    if (!this.rateLimit) return 0;
    const { perSecond, burst } = this.rateLimit;
    const now = Date.now();
    const bucket = this.buckets.get(channel) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(channel, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (1 - bucket.tokens) / perSecond;
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

/** Slack's errors are HTTP 200 with `ok: false`; only rate limits and outages use other statuses. */
