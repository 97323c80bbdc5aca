import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { checkContent, parseBody } from './slack-limits.js';

/** One fault to inject into the next matching request(s). */
export type SlackFault = { status: number } | { error: string; retryAfter?: number } | { delayMs: number };

export interface RecordedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  /** Every accepted chat.update of this message, oldest first. */
  updates: { text?: string; blocks?: unknown[] }[];
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
  private seq = 0;
  private isDown: 'reset' | 503 | false = false;

  constructor(options: FakeSlackOptions = {}) {
    this.tokens = new Set(options.tokens ?? ['xoxb-test-token']);
    this.channels = new Set(options.channels ?? ['C0ALERTS']);
    this.notInChannel = new Set(options.notInChannel ?? []);
    this.rateLimit = options.rateLimit === undefined ? { perSecond: 1, burst: 3 } : options.rateLimit;
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    if (this.isDown === 'reset') {
      req.socket.destroy();
      return;
    }
    const raw = await readBody(req);
    const params = parseBody(raw, req.headers['content-type']);
    const channel = typeof params?.channel === 'string' ? params.channel : undefined;
    const reply = await this.answer(method, params, req.headers.authorization);
    this.requests.push({
      method,
      ...(channel ? { channel } : {}),
      status: reply.status,
      ...(reply.error ? { error: reply.error } : {}),
    });
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

  private async answer(
    method: string,
    params: Record<string, unknown> | undefined,
    authorization: string | undefined,
  ): Promise<Reply> {
    if (this.isDown === 503) return fail('service_unavailable', 503);
    if (!params) return fail('invalid_json');
    const index = this.faults.findIndex((f) => !f.method || f.method === method);
    if (index >= 0) {
      const [{ fault }] = this.faults.splice(index, 1) as [{ fault: SlackFault }];
      if ('delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
      else if ('status' in fault) return fail(`http_${fault.status}`, fault.status);
      else if (fault.error === 'ratelimited')
        return { ...fail('ratelimited', 429), retryAfter: fault.retryAfter ?? 1 };
      else return fail(fault.error);
    }
    const token = authorization?.replace(/^Bearer\s+/i, '') ?? (params.token as string | undefined);
    if (!token) return fail('not_authed');
    if (!this.tokens.has(token)) return fail('invalid_auth');
    const channel = typeof params.channel === 'string' ? params.channel : undefined;
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
            name: channel.replace(/^#/, ''),
            is_member: !this.notInChannel.has(channel),
          },
        });
      case 'chat.postMessage':
        return this.postMessage(params, channel);
      case 'chat.update':
        return this.update(params, channel);
      default:
        return fail('unknown_method', 404);
    }
  }

  private postMessage(params: Record<string, unknown>, channel: string | undefined): Reply {
    if (!channel || !this.channels.has(channel)) return fail('channel_not_found');
    if (this.notInChannel.has(channel)) return fail('not_in_channel');
    const content = checkContent(params);
    if ('error' in content) return fail(content.error, 200, content.extra);
    const threadTs = typeof params.thread_ts === 'string' && params.thread_ts ? params.thread_ts : undefined;
    // Slack answers thread_not_found for a parent it does not know (conversations.replies documents it).
    if (threadTs && !this.messages.some((m) => m.channel === channel && m.ts === threadTs))
      return fail('thread_not_found');
    const wait = this.take(channel);
    if (wait > 0) return { ...fail('ratelimited', 429), retryAfter: Math.ceil(wait) };
    const ts = this.nextTs();
    this.messages.push({
      channel,
      ts,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...content,
      updates: [],
    });
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

  /** `1700000000.000100`-shaped, strictly increasing, so string order is posting order like Slack's. */
  private nextTs(): string {
    this.seq += 1;
    return `${1_700_000_000 + Math.floor(this.seq / 10_000)}.${String((this.seq % 10_000) * 100).padStart(6, '0')}`;
  }
}

/** Slack's errors are HTTP 200 with `ok: false`; only rate limits and outages use other statuses. */
interface Reply {
  status: number;
  error?: string;
  body?: Record<string, unknown>;
  retryAfter?: number;
}

function ok(body: Record<string, unknown>): Reply {
  return { status: 200, body };
}

function fail(error: string, status = 200, body?: Record<string, unknown>): Reply {
  return { status, error, ...(body ? { body } : {}) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
