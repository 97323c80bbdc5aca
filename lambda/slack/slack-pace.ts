import { createHash } from 'node:crypto';
import type { Sleep } from '../shared/sleep.js';
import { SlackDeliveryError } from './errors.js';

/** A steady rate with a burst allowance: `count` calls per `windowMs`, at most `burst` back to back. */
export interface PaceRate {
  count: number;
  windowMs: number;
  burst: number;
  /**
   * A call sent at most this long after its slot keeps the bucket's schedule: the next slot is an
   * interval after the slot, not after the late moment. Without it a busy channel loses every store
   * write's and timer's lateness for good (the storm bench measured 1.05 s between calls, 25 s lost over
   * a 7-minute backlog). An idle bucket gets no burst from it: a call later than this restarts the schedule.
   */
  keepScheduleMs?: number;
  /** A hard ceiling over any sliding window: at most `count` calls in any `windowMs` (kept as a log). */
  atMost?: { count: number; windowMs: number };
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
 * Per channel, 1 call a second with no burst from idle; a call that went out up to half an interval late
 * keeps the schedule (the next may follow 500 ms later), so a busy channel really gets its 60 a minute.
 * The log caps any 60 s (a UTC minute included) at 60 calls, the benchmark's ceiling, whatever the
 * lateness. Slack documents "one message per second per channel" for chat.postMessage, "short bursts >1
 * allowed"; the other methods that name the channel count here too, so a channel's total stays under
 * what one person could read and what the benchmark allows.
 */
const PER_CHANNEL: PaceRate = {
  count: 1,
  windowMs: 1_000,
  burst: 1,
  keepScheduleMs: 500,
  atMost: { count: 60, windowMs: 60_000 },
};

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
  /** Bucket key → the moments of its last `atMost.count` calls, oldest first (buckets with a ceiling). */
  private readonly sent = new Map<string, number[]>();
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
    for (;;) {
      // Read each time: a `#name` Slack answered with an id while this caller slept is the id's bucket now.
      const limits = this.limitsOf(call);
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
    const logged = this.sent.get(`channel:${name}`);
    if (logged) {
      this.sent.delete(`channel:${name}`);
      const keep = this.perChannel ? (this.perChannel.atMost?.count ?? 0) : 0;
      const merged = [...logged, ...(this.sent.get(`channel:${id}`) ?? [])].sort((a, b) => a - b);
      this.sent.set(`channel:${id}`, merged.slice(-keep));
    }
    const byName = this.due.get(`channel:${name}`);
    if (byName === undefined) return;
    this.due.delete(`channel:${name}`);
    this.due.set(`channel:${id}`, Math.max(byName, this.due.get(`channel:${id}`) ?? byName));
  }

  /**
   * GCRA: the bucket's next due moment moves one interval past the later of itself and `at` — past
   * itself when `at` is late by no more than `keepScheduleMs`.
   */
  private spend(limits: [string, PaceRate][], at: number): void {
    for (const [key, rate] of limits) {
      const due = this.due.get(key) ?? at;
      const late = at - due;
      const from = late > 0 && late <= (rate.keepScheduleMs ?? 0) ? due : Math.max(due, at);
      this.due.set(key, from + rate.windowMs / rate.count);
      if (!rate.atMost) continue;
      const log = this.sent.get(key) ?? [];
      log.push(at);
      if (log.length > rate.atMost.count) log.shift();
      this.sent.set(key, log);
    }
  }

  private limitsOf(call: PaceCall): [string, PaceRate][] {
    const limits: [string, PaceRate][] = [];
    if (call.channel && this.perChannel) limits.push([this.channelKey(call.channel), this.perChannel]);
    const rate = this.perMethod[call.method];
    if (rate) limits.push([`method:${call.method}`, rate]);
    return limits;
  }

  /** The first moment `key` allows a call: its TAT less the burst it may still spend, and its ceiling. */
  private earliest(key: string, rate: PaceRate): number {
    const due = this.due.get(key);
    if (due === undefined) return Number.NEGATIVE_INFINITY;
    const paced = due - (rate.windowMs / rate.count) * (rate.burst - 1);
    const log = rate.atMost && this.sent.get(key);
    if (!rate.atMost || !log || log.length < rate.atMost.count) return paced;
    return Math.max(paced, (log[0] as number) + rate.atMost.windowMs);
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
