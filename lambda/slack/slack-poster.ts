import type { WebClient } from '@slack/web-api';
import type { SlackRef } from '../domain/incident.js';
import type { SlackMessage } from '../domain/render/blocks.js';
import { sleep as realSleep } from '../shared/sleep.js';
import { classifySlackError, SlackDeliveryError } from './errors.js';
import { type EntryKey, isChannelId, LOOKUP_SKEW_MS, matchesKey, metadataOf } from './message-metadata.js';
import { type PaceCall, type SlackPace, unpaced } from './slack-pace.js';

export interface PostResult {
  channel: string;
  ts: string;
  /** True when Slack refused the blocks and the message went out as plain text. */
  asText: boolean;
  /** 429s waited out for this call. */
  rateLimitWaits: number;
}

export interface SlackPosterOptions {
  /** Epoch ms after which no call starts and no Retry-After is waited out (e.g. Lambda end − margin). */
  deadline?: () => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Upper bound on 429s waited out per call, whatever the deadline. */
  maxRateLimitWaits?: number;
  onRateLimited?: (retryAfterSeconds: number, method: string) => void;
  /**
   * Waits before every Web API call so Slack's rates are kept rather than discovered through 429s;
   * `pacerFor(paceKey(token, apiUrl))` shares one per workspace in the process. None by default, for
   * tests that are not about pacing.
   */
  pace?: SlackPace;
  /** Told of every Web API call answered (counted by hosts that report Slack traffic, e.g. the demo). */
  onCall?: (call: SlackCall) => void;
}

/** One Web API call as `onCall` hears of it: `ts` is the message posted or edited. */
export interface SlackCall extends PaceCall {
  kind?: 'post' | 'reply' | 'edit';
  ts?: string | undefined;
  ok: boolean;
}

/** Slack's plain-text ceiling; the text fallback is cut well below it. */
const TEXT_ONLY_MAX = 3_000;
/** History pages read while looking for one message; the `oldest` bound keeps the scan short anyway. */
const LOOKUP_PAGE = 200;
const LOOKUP_MAX_PAGES = 50;

type Page = {
  messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: unknown } }[];
  response_metadata?: { next_cursor?: string };
  has_more?: boolean;
};

/**
 * Posts, threads and updates incident messages through an injected WebClient, turning every failure
 * into a SlackDeliveryError the outbox can act on. Waits out 429s while the deadline allows; if Slack
 * refuses the blocks, resends once as plain text so the alert still lands. Every post carries message
 * metadata naming its incident and entry, and `findRoot`/`findReply` look a post up by it.
 */
export class SlackPoster {
  private readonly deadline: () => number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRateLimitWaits: number;
  private readonly onRateLimited: ((retryAfterSeconds: number, method: string) => void) | undefined;
  private readonly pace: SlackPace;
  private readonly onCall: ((call: SlackCall) => void) | undefined;
  /** Channel ids learned from post answers and `conversations.list`, by the name the config gave. */
  private readonly channelIds = new Map<string, string>();

  constructor(
    private readonly client: WebClient,
    options: SlackPosterOptions = {},
  ) {
    this.deadline = options.deadline ?? (() => Number.POSITIVE_INFINITY);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.maxRateLimitWaits = options.maxRateLimitWaits ?? 10;
    this.onRateLimited = options.onRateLimited;
    this.pace = options.pace ?? unpaced();
    this.onCall = options.onCall;
  }

  /** `threadTs`: under that message (a storm's) instead of top-level. */
  async postRoot(
    channel: string,
    message: SlackMessage,
    key: EntryKey,
    threadTs?: string,
  ): Promise<PostResult> {
    const kind = threadTs ? 'reply' : 'post';
    const posted = await this.send({ method: 'chat.postMessage', channel, kind }, message, (m) =>
      this.client.chat.postMessage({
        channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...m,
        metadata: metadataOf(key),
      }),
    );
    this.channelIds.set(channel, posted.channel);
    this.pace.sameChannel(channel, posted.channel);
    return posted;
  }

  postReply(channel: string, threadTs: string, message: SlackMessage, key: EntryKey): Promise<PostResult> {
    return this.send({ method: 'chat.postMessage', channel, kind: 'reply' }, message, (m) =>
      this.client.chat.postMessage({ channel, thread_ts: threadTs, ...m, metadata: metadataOf(key) }),
    );
  }

  updateRoot(ref: SlackRef, message: SlackMessage): Promise<PostResult> {
    // Without `blocks: []` a text-only update would keep the old blocks on screen.
    return this.send(
      { method: 'chat.update', channel: ref.channel, kind: 'edit', ts: ref.ts },
      message,
      (m) => this.client.chat.update({ channel: ref.channel, ts: ref.ts, ...m, blocks: m.blocks ?? [] }),
    );
  }

  /** The root message Lookout posted for `key` in `channel` since `sinceMs`, if Slack has it. */
  async findRoot(channel: string, key: EntryKey, sinceMs: number): Promise<SlackRef | undefined> {
    const id = await this.channelIdOf(channel);
    const oldest = secondsOf(sinceMs - LOOKUP_SKEW_MS);
    const ts = await this.scan({ method: 'conversations.history', channel: id }, key, (cursor) =>
      this.client.conversations.history({
        channel: id,
        oldest,
        include_all_metadata: true,
        limit: LOOKUP_PAGE,
        ...(cursor ? { cursor } : {}),
      }),
    );
    return ts ? { channel: id, ts } : undefined;
  }

  /** The reply Lookout posted for `key` under `root` since `sinceMs`, if Slack has it. */
  async findReply(root: SlackRef, key: EntryKey, sinceMs: number): Promise<SlackRef | undefined> {
    const oldest = secondsOf(sinceMs - LOOKUP_SKEW_MS);
    // conversations.replies takes ids only; a storm thread is known by the name the config gave.
    const channel = await this.channelIdOf(root.channel);
    const ts = await this.scan({ method: 'conversations.replies', channel }, key, (cursor) =>
      this.client.conversations.replies({
        channel,
        // A root placed in a storm's thread has its replies in that thread.
        ts: root.thread ?? root.ts,
        oldest,
        include_all_metadata: true,
        limit: LOOKUP_PAGE,
        ...(cursor ? { cursor } : {}),
      }),
    );
    return ts && ts !== root.ts ? { channel: root.channel, ts } : undefined;
  }

  private async scan(
    call: PaceCall,
    key: EntryKey,
    read: (cursor: string | undefined) => Promise<Page>,
  ): Promise<string | undefined> {
    let cursor: string | undefined;
    for (let page = 0; page < LOOKUP_MAX_PAGES; page++) {
      const out = await this.withRateLimit(call, () => read(cursor));
      const found = out.messages?.find((m) => matchesKey(m.metadata, key));
      if (found?.ts) return found.ts;
      cursor = out.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    // Not found in the pages read, but not proven absent: posting now could double it.
    throw new SlackDeliveryError('retryable', `lookup_incomplete (${call.method})`, { outcomeUnknown: true });
  }

  /** conversations.history and .replies take ids only; a configured `#name` is resolved once. */
  private async channelIdOf(channel: string): Promise<string> {
    if (isChannelId(channel)) return channel;
    const known = this.channelIds.get(channel);
    if (known) return known;
    const name = channel.replace(/^#/, '');
    let cursor: string | undefined;
    do {
      const out = await this.withRateLimit({ method: 'conversations.list' }, () =>
        this.client.conversations.list({
          types: 'public_channel,private_channel',
          exclude_archived: true,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        }),
      );
      const match = out.channels?.find((c) => c.name === name);
      if (match?.id) {
        this.channelIds.set(channel, match.id);
        this.pace.sameChannel(channel, match.id);
        return match.id;
      }
      cursor = out.response_metadata?.next_cursor || undefined;
    } while (cursor);
    throw new SlackDeliveryError('permanent', 'channel_not_found', {});
  }

  private async send(
    target: Omit<SlackCall, 'ok'>,
    message: SlackMessage,
    call: (m: {
      text: string;
      blocks?: SlackMessage['blocks'];
    }) => Promise<{ channel?: string; ts?: string }>,
  ): Promise<PostResult> {
    let waits = 0;
    const posted = (m: { text: string; blocks?: SlackMessage['blocks'] }) => async () => {
      const result = await call(m);
      if (!result.ts || !result.channel)
        throw new SlackDeliveryError('retryable', 'missing_ts', { outcomeUnknown: true });
      return { channel: result.channel, ts: result.ts };
    };
    try {
      const result = await this.withRateLimit(
        target,
        posted({ text: message.text, blocks: message.blocks }),
        (n) => {
          waits = n;
        },
      );
      return { ...result, asText: false, rateLimitWaits: waits };
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.kind !== 'content') throw failure;
      const text =
        message.text.length > TEXT_ONLY_MAX
          ? `${message.text.slice(0, TEXT_ONLY_MAX - 14)}… (truncated)`
          : message.text;
      try {
        const result = await this.withRateLimit(target, posted({ text }), (n) => {
          waits += n;
        });
        return { ...result, asText: true, rateLimitWaits: waits };
      } catch (retryError) {
        const second = classifySlackError(retryError);
        // Plain text refused too: nothing left to simplify, so do not loop on it.
        if (second.kind === 'content')
          throw new SlackDeliveryError('permanent', second.reason, { cause: retryError });
        throw second;
      }
    }
  }

  /**
   * Paces the call, then makes it; a 429 (Slack's own limit, should pacing miss it) empties the pacer's
   * bucket for Retry-After and is waited out while the deadline allows.
   */
  private async withRateLimit<T>(
    target: Omit<SlackCall, 'ok'>,
    call: () => Promise<T>,
    reportWaits: (n: number) => void = () => {},
  ): Promise<T> {
    for (let waits = 0; ; waits++) {
      if (this.now() >= this.deadline())
        throw new SlackDeliveryError('retryable', 'deadline_exceeded', { paced: true });
      await this.pace.take(target, { sleep: this.sleep, deadline: this.deadline });
      try {
        const result = await call();
        const ts = (result as { ts?: unknown }).ts;
        this.onCall?.({ ...target, ...(typeof ts === 'string' ? { ts } : {}), ok: true });
        reportWaits(waits);
        return result;
      } catch (error) {
        this.onCall?.({ ...target, ok: false });
        const failure = classifySlackError(error);
        if (failure.reason !== 'ratelimited' || failure.kind !== 'retryable') throw failure;
        const waitMs = Math.max(1, failure.retryAfter ?? 1) * 1000;
        this.pace.limited(target, waitMs);
        this.onRateLimited?.(waitMs / 1000, target.method);
        if (waits >= this.maxRateLimitWaits || this.now() + waitMs >= this.deadline()) throw failure;
        await this.sleep(waitMs);
      }
    }
  }
}

function secondsOf(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(6);
}
