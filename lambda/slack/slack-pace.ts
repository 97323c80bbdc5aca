import { createHash } from 'node:crypto';
import type { Sleep } from '../shared/sleep.js';
import { SlackDeliveryError } from './errors.js';

/** A steady rate with a burst allowance: `count` calls per `windowMs`, at most `burst` back to back. */
export interface PaceRate {
  count: number;
  windowMs: number;
  burst: number;
}

export interface SlackPaceOptions {
  /** The clock the buckets run on, epoch ms (the poster's injected clock in tests). */
  now?: () => number;
  /** Calls naming one channel, whatever the method; `false`: channels are not paced. */
  perChannel?: PaceRate | false;
  /** Workspace-wide, per method (Slack limits "per API method per workspace per app"). */
  perMethod?: Readonly<Record<string, PaceRate>>;
}

/** One Web API call about to be made: its method and the channel it names, if any. */
export interface PaceCall {
  method: string;
  channel?: string | undefined;
}

/**
 * Per channel, 1 call a second with no burst: calls to one channel are then at least 1,000 ms apart, so
 * any minute (a UTC minute included) holds at most 60 of them, the benchmark's ceiling, by construction.
 * A burst of B would allow 60 + B − 1. Slack documents "one message per second per channel" for
 * chat.postMessage; the other methods that name the channel count here too, so a channel's total stays
 * under what one person could read and what the benchmark allows.
 */
const PER_CHANNEL: PaceRate = { count: 1, windowMs: 1_000, burst: 1 };

/**
 * The floor of each method's tier (Tier 2 "20+ per minute", Tier 3 "50+"), only for the methods
 * SlackPoster and SlackChannelAdmin call; chat.postMessage is Slack's special tier, paced per channel only. Burst 1 keeps any
 * 60 s within the documented per-minute number (Slack publishes no burst sizes).
 */
const TIER2: PaceRate = { count: 20, windowMs: 60_000, burst: 1 };
const TIER3: PaceRate = { count: 50, windowMs: 60_000, burst: 1 };
const PER_METHOD: Readonly<Record<string, PaceRate>> = {
  'chat.update': TIER3,
  'conversations.history': TIER3,
  'conversations.replies': TIER3,
  'conversations.list': TIER2,
  // Incident channels (channel-admin.ts).
  'conversations.create': TIER2,
  'conversations.invite': TIER3,
  'conversations.archive': TIER2,
  'usergroups.users.list': TIER2,
};

export const slackPaceDefaults = { perChannel: PER_CHANNEL, perMethod: PER_METHOD } as const;

/**
 * Paces Slack Web API calls under Slack's documented rates instead of discovering them through 429s.
 * Each limit is a GCRA bucket (a token bucket kept as one "theoretical arrival time"). A call waits for
 * the earliest moment every bucket it falls in allows and takes its slot when it goes out, not when it
 * starts waiting, so the spacing holds for the moments calls are actually sent, also when callers run
 * side by side (the outbox delivers channels in parallel; several flows share a process). A wait that
 * would reach the caller's deadline is refused up front with the same retryable `ratelimited` error as a
 * 429 that cannot be waited out, so the item stays pending.
 */
export class SlackPace {
  private readonly now: () => number;
  private readonly perChannel: PaceRate | false;
  private readonly perMethod: Readonly<Record<string, PaceRate>>;
  /** Bucket key → the moment the bucket is next free with no burst left (GCRA's TAT), epoch ms. */
  private readonly due = new Map<string, number>();
  /** A configured `#name` → the channel id Slack answered with, so both name one bucket. */
  private readonly ids = new Map<string, string>();

  constructor(options: SlackPaceOptions = {}) {
    this.now = options.now ?? Date.now;
    this.perChannel = options.perChannel ?? PER_CHANNEL;
    this.perMethod = options.perMethod ?? PER_METHOD;
  }

  /**
   * Waits (with `sleep`) until `call` may go out, then takes its slot in every bucket it falls in. Throws a
   * retryable `ratelimited` SlackDeliveryError, taking nothing, when the wait would reach `deadline`.
   */
  async take(call: PaceCall, wait: { sleep: Sleep; deadline: () => number }): Promise<void> {
    const limits = this.limitsOf(call);
    for (;;) {
      const now = this.now();
      const at = Math.max(now, ...limits.map(([key, rate]) => this.earliest(key, rate)));
      // Checked and taken with no await between: callers running side by side never share a slot.
      if (at <= now) return this.spend(limits, now);
      if (at >= wait.deadline())
        throw new SlackDeliveryError('retryable', 'ratelimited', {
          retryAfter: Math.ceil((at - now) / 1000),
          paced: true,
        });
      await wait.sleep(at - now);
      // A clock the sleep did not move (a test's recording sleep) would loop here forever: go at the slot.
      if (this.now() === now) return this.spend(limits, at);
    }
  }

  /**
   * Slack answered 429 for `call`: its bucket is empty for `retryAfterMs` (the method's, for a tiered
   * method; else the channel's), so no later call is sent into the same refusal.
   */
  limited(call: PaceCall, retryAfterMs: number): void {
    const rate = this.perMethod[call.method];
    const [key, bucket] = rate
      ? [`method:${call.method}`, rate]
      : call.channel && this.perChannel
        ? [this.channelKey(call.channel), this.perChannel]
        : [];
    if (!key || !bucket) return;
    // Free again at now + Retry-After with no burst in hand: one call then, the next an interval later.
    const due = this.now() + retryAfterMs + (bucket.windowMs / bucket.count) * (bucket.burst - 1);
    this.due.set(key, Math.max(this.due.get(key) ?? due, due));
  }

  /** `name` (a configured `#alerts`) is the channel `id`: calls by either share one bucket from now on. */
  sameChannel(name: string, id: string): void {
    if (name === id || this.ids.get(name) === id) return;
    this.ids.set(name, id);
    const byName = this.due.get(`channel:${name}`);
    if (byName === undefined) return;
    this.due.delete(`channel:${name}`);
    this.due.set(`channel:${id}`, Math.max(byName, this.due.get(`channel:${id}`) ?? byName));
  }

  /** GCRA: the bucket's next due moment moves one interval past the later of itself and `at`. */
  private spend(limits: [string, PaceRate][], at: number): void {
    for (const [key, rate] of limits)
      this.due.set(key, Math.max(this.due.get(key) ?? at, at) + rate.windowMs / rate.count);
  }

  private limitsOf(call: PaceCall): [string, PaceRate][] {
    const limits: [string, PaceRate][] = [];
    if (call.channel && this.perChannel) limits.push([this.channelKey(call.channel), this.perChannel]);
    const rate = this.perMethod[call.method];
    if (rate) limits.push([`method:${call.method}`, rate]);
    return limits;
  }

  /** The first moment `key` allows a call: its TAT less the burst it may still spend. */
  private earliest(key: string, rate: PaceRate): number {
    const due = this.due.get(key);
    if (due === undefined) return Number.NEGATIVE_INFINITY;
    return due - (rate.windowMs / rate.count) * (rate.burst - 1);
  }

  private channelKey(channel: string): string {
    return `channel:${this.ids.get(channel) ?? channel}`;
  }
}

/** A pacer that never waits, for a SlackPoster built without one (tests that are not about pacing). */
export function unpaced(): SlackPace {
  return new SlackPace({ perChannel: false, perMethod: {} });
}

const pacers = new Map<string, SlackPace>();

/**
 * The process's pacer for one workspace, shared by every SlackPoster built for it (a Lambda container,
 * `lookout start`, the bench's flows): Slack's limits are per workspace and app, not per poster.
 */
export function pacerFor(key: string): SlackPace {
  let pace = pacers.get(key);
  if (!pace) {
    pace = new SlackPace();
    pacers.set(key, pace);
  }
  return pace;
}

/** The registry key for a token at an API URL; the token is hashed so it is never kept in the clear. */
export function paceKey(token: string, apiUrl = 'https://slack.com/api/'): string {
  return `${apiUrl} ${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
}
