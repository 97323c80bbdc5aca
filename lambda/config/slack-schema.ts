import * as z from '../shared/zod.js';
import { strictObject } from './strict-object.js';

/** A whole number from min to max (inclusive), `fallback` when absent. */
const intIn = (min: number, max: number, fallback: number) =>
  z._default(z.int().check(z.gte(min), z.lte(max)), fallback);

/**
 * `slack:` — where Lookout posts, and (the two-way app) who may act from Slack and how incidents are
 * routed. Tokens and signing secrets never go here: see SLACK_BOT_TOKEN and the Slack secret.
 */
export const slackSchema = strictObject({
  /** Default alert channel (name or ID). */
  channel: z.optional(z.string().check(z.minLength(1))),
  /**
   * A message Slack keeps refusing with a retryable error (5xx, timeouts, rate limits) is marked
   * failed after this many minutes of trying, with the reason; `lookout outbox retry` queues it again.
   * Token trouble never counts: delivery pauses instead.
   */
  giveUpAfterMinutes: intIn(1, 7 * 24 * 60, 24 * 60),
});

export type SlackConfig = z.infer<typeof slackSchema>;
