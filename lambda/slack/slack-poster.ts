import type { WebClient } from '@slack/web-api';
import type { SlackRef } from '../domain/incident.js';
import type { SlackMessage } from '../domain/render/blocks.js';
import { classifySlackError, SlackDeliveryError } from './errors.js';

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
}

/** Slack's plain-text ceiling; the text fallback is cut well below it. */
const TEXT_ONLY_MAX = 3_000;

/**
 * Posts, threads and updates incident messages through an injected WebClient, turning every failure
 * into a SlackDeliveryError the outbox can act on. Waits out 429s while the deadline allows; if Slack
 * refuses the blocks, resends once as plain text so the alert still lands.
 */
export class SlackPoster {
  private readonly deadline: () => number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRateLimitWaits: number;
  private readonly onRateLimited: ((retryAfterSeconds: number, method: string) => void) | undefined;

  constructor(
    private readonly client: WebClient,
    options: SlackPosterOptions = {},
  ) {
    this.deadline = options.deadline ?? (() => Number.POSITIVE_INFINITY);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxRateLimitWaits = options.maxRateLimitWaits ?? 10;
    this.onRateLimited = options.onRateLimited;
  }

  postRoot(channel: string, message: SlackMessage): Promise<PostResult> {
    return this.send('chat.postMessage', message, (m) => this.client.chat.postMessage({ channel, ...m }));
  }

  postReply(channel: string, threadTs: string, message: SlackMessage): Promise<PostResult> {
    return this.send('chat.postMessage', message, (m) =>
      this.client.chat.postMessage({ channel, thread_ts: threadTs, ...m }),
    );
  }

  updateRoot(ref: SlackRef, message: SlackMessage): Promise<PostResult> {
    // Without `blocks: []` a text-only update would keep the old blocks on screen.
    return this.send('chat.update', message, (m) =>
      this.client.chat.update({ channel: ref.channel, ts: ref.ts, ...m, blocks: m.blocks ?? [] }),
    );
  }

  private async send(
    method: string,
    message: SlackMessage,
    call: (m: {
      text: string;
      blocks?: SlackMessage['blocks'];
    }) => Promise<{ channel?: string; ts?: string }>,
  ): Promise<PostResult> {
    let waits = 0;
    try {
      return await this.withRateLimit(
        method,
        () => call({ text: message.text, blocks: message.blocks }),
        (n) => {
          waits = n;
        },
      );
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.kind !== 'content') throw failure;
      const text =
        message.text.length > TEXT_ONLY_MAX
          ? `${message.text.slice(0, TEXT_ONLY_MAX - 14)}… (truncated)`
          : message.text;
      try {
        const result = await this.withRateLimit(
          method,
          () => call({ text }),
          (n) => {
            waits += n;
          },
        );
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

  private async withRateLimit(
    method: string,
    call: () => Promise<{ channel?: string; ts?: string }>,
    reportWaits: (n: number) => void,
  ): Promise<PostResult> {
    for (let waits = 0; ; waits++) {
      if (this.now() >= this.deadline()) throw new SlackDeliveryError('retryable', 'deadline_exceeded');
      try {
        const result = await call();
        reportWaits(waits);
        if (!result.ts || !result.channel) throw new SlackDeliveryError('retryable', 'missing_ts');
        return { channel: result.channel, ts: result.ts, asText: false, rateLimitWaits: waits };
      } catch (error) {
        const failure = classifySlackError(error);
        if (failure.reason !== 'ratelimited' || failure.kind !== 'retryable') throw failure;
        const waitMs = Math.max(1, failure.retryAfter ?? 1) * 1000;
        this.onRateLimited?.(waitMs / 1000, method);
        if (waits >= this.maxRateLimitWaits || this.now() + waitMs >= this.deadline()) throw failure;
        await this.sleep(waitMs);
      }
    }
  }
}
