import * as z from '../shared/zod.js';
import { calmSchema } from './calm-schema.js';
import { incidentChannelsSchema, routeSchema, severityOverridesSchema } from './routing-schema.js';
import { strictObject } from './strict-object.js';

/** A whole number from min to max (inclusive), `fallback` when absent. */
const intIn = (min: number, max: number, fallback: number) =>
  z._default(z.int().check(z.gte(min), z.lte(max)), fallback);

/** Slack member ids: `U…`, or `W…` for an Enterprise Grid org-wide user. */
const slackUserId = z
  .string()
  .check(z.regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack member ID: U or W then capitals and digits, e.g. U024BE7LH'));
/** User-group (subteam) ids. */
const slackUsergroupId = z
  .string()
  .check(z.regex(/^S[A-Z0-9]{2,}$/, 'a Slack user-group ID: S then capitals and digits, e.g. S0614TZR7'));

/**
 * `slack.operators` — who may change state from Slack (ack, resolve, note, declare, watch, runbook
 * actions, restore). Reading is for everyone. Both lists empty (the default) means nobody: a workspace
 * is wider than an on-call rota, so acting from Slack is opened deliberately (README, "Who may act").
 */
export const operatorsSchema = strictObject({
  /** Member ids allowed directly (profile → ⋯ → Copy member ID). */
  users: z._default(z.array(slackUserId), []),
  /** User-group ids whose members are allowed, looked up with usergroups.users.list. */
  usergroups: z._default(z.array(slackUsergroupId), []),
});

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
  /** Who may change state from Slack; nobody unless configured (see operatorsSchema). */
  operators: z.prefault(operatorsSchema, {}),
  /** Routing rules, first match wins; none match (or none given): `channel` (lambda/domain/routing/). */
  routes: z._default(z.array(routeSchema), []),
  /** Overrides of the default severity of a kind or an AWS Health category. */
  severity: z.optional(severityOverridesSchema),
  /** A channel of its own for incidents of the severities named; none unless configured. */
  incidentChannels: z.optional(incidentChannelsSchema),
  /** Grouping, root-edit pacing and storm summaries (calm-schema.ts); on by default. */
  calm: z.prefault(calmSchema, {}),
});

export type SlackConfig = z.infer<typeof slackSchema>;
export type SlackOperators = z.infer<typeof operatorsSchema>;
