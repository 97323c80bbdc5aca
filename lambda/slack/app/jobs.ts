import { RECORD_TYPES } from '../../domain/observation.js';
import * as z from '../../shared/zod.js';

/**
 * Who asked and where to answer: every handed-off job carries the `response_url` of the request that
 * asked for it (5 answers within 30 minutes), and the person and channel for the log and for the
 * answer's words.
 */
const requester = {
  /**
   * The identity of the Slack request that asked (middleware/request-identity.ts): the worker claims it
   * too, since Lambda may deliver an asynchronous invoke more than once.
   */
  id: z.string().check(z.minLength(1), z.maxLength(300)),
  responseUrl: z.url({ protocol: /^https?$/ }),
  user: z.string().check(z.minLength(1)),
  channel: z.string().check(z.minLength(1)),
};

/** `/lookout check <name> [type]`: a live probe of `name` from the bot's resolvers. */
export const checkJobSchema = z.object({
  kind: z.literal('check'),
  name: z.string().check(z.minLength(1), z.maxLength(253)),
  type: z.enum(RECORD_TYPES),
  /**
   * A runbook step's "Re-check now" on this incident: the answers also become an entry on its timeline
   * (posted in its thread by the delivery), naming who asked (`by`, with their facts).
   */
  incident: z.optional(
    z.object({
      id: z.string().check(z.minLength(1), z.maxLength(200)),
      by: z.string().check(z.minLength(1), z.maxLength(300)),
      facts: z.record(z.string(), z.string()),
    }),
  ),
  ...requester,
});

/** `/lookout timeline <id>` and the Show timeline button: the Markdown export uploaded to Slack. */
export const timelineJobSchema = z.object({
  kind: z.literal('timeline'),
  incidentId: z.string().check(z.minLength(1), z.maxLength(200)),
  ...requester,
});

/**
 * After a person changed an incident from Slack: send the outbox now (the root re-rendered in place,
 * the entry in its thread) instead of at the next probe round. Nobody waits on an answer.
 */
export const deliverJobSchema = z.object({
  kind: z.literal('deliver'),
  id: z.string().check(z.minLength(1), z.maxLength(300)),
});

/**
 * A restore confirmed in its modal: the worker plans it again, refuses if Route 53 or the
 * last-known-good is not what the person saw (`currentHash`, `goodHash`), else submits it
 * (compare-and-swap) and records each step on the incident's thread. `by` is the person who confirmed.
 */
export const restoreJobSchema = z.object({
  kind: z.literal('restore'),
  zoneId: z.string().check(z.minLength(1), z.maxLength(40)),
  name: z.string().check(z.minLength(1), z.maxLength(260)),
  type: z.string().check(z.minLength(1), z.maxLength(10)),
  setIdentifier: z.optional(z.string().check(z.maxLength(128))),
  incidentId: z.optional(z.string().check(z.maxLength(200))),
  currentHash: z.string().check(z.minLength(1), z.maxLength(100)),
  goodHash: z.string().check(z.minLength(1), z.maxLength(100)),
  by: z.string().check(z.minLength(1), z.maxLength(200)),
  ...requester,
});

/**
 * The restore confirmation opened as "planning…" on the fast path (the trigger id lasts ~3 s): the
 * worker reads Route 53 and the stored history, then views.update's the modal (`viewId`, `viewHash`)
 * with the plan, or with why there is nothing to confirm.
 */
export const restorePlanJobSchema = z.object({
  kind: z.literal('restore-plan'),
  viewId: z.string().check(z.minLength(1), z.maxLength(100)),
  viewHash: z.optional(z.string().check(z.maxLength(200))),
  zoneId: z.string().check(z.minLength(1), z.maxLength(40)),
  name: z.string().check(z.minLength(1), z.maxLength(260)),
  type: z.string().check(z.minLength(1), z.maxLength(10)),
  setIdentifier: z.optional(z.string().check(z.maxLength(128))),
  incidentId: z.optional(z.string().check(z.maxLength(200))),
  by: z.string().check(z.minLength(1), z.maxLength(200)),
  ...requester,
});

/**
 * `/lookout watch <name> [type] #channel` added: whether Lookout can post in that channel (it exists,
 * is not archived, the bot is in it) is asked of Slack after the acknowledgement; only a problem is
 * answered, through the response URL.
 */
export const watchChannelJobSchema = z.object({
  kind: z.literal('watch-channel'),
  watchChannel: z.string().check(z.minLength(1), z.maxLength(100)),
  /** The watched target's id (`name/TYPE`), for the answer's words. */
  targetId: z.string().check(z.minLength(1), z.maxLength(300)),
  ...requester,
});

/**
 * An answer to one person, sent after the acknowledgement (a Slack call never holds up the answer to
 * Slack): through the request's `response_url` when it carries one, else ephemerally in `channel`,
 * else in a direct message from the bot, whichever Slack accepts first (worker/tell.ts).
 */
export const tellJobSchema = z.object({
  kind: z.literal('tell'),
  id: z.string().check(z.minLength(1), z.maxLength(300)),
  user: z.string().check(z.minLength(1)),
  channel: z.optional(z.string().check(z.minLength(1))),
  responseUrl: z.optional(z.url({ protocol: /^https?$/ })),
  text: z.string().check(z.minLength(1), z.maxLength(4000)),
});

/**
 * "Add to incident timeline" submitted: the checks answered in the modal; the worker asks Slack for the
 * message's permalink (chat.getPermalink), writes the entry (keyed by incident, channel and ts, so a
 * second run writes nothing new), and tells `user` ephemerally in the message's channel.
 */
export const addToTimelineJobSchema = z.object({
  kind: z.literal('add-to-timeline'),
  id: z.string().check(z.minLength(1), z.maxLength(300)),
  user: z.string().check(z.minLength(1)),
  incidentId: z.string().check(z.minLength(1), z.maxLength(200)),
  message: z.object({
    channel: z.string().check(z.minLength(1), z.maxLength(100)),
    ts: z.string().check(z.regex(/^\d+\.\d+$/)),
    author: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
    excerpt: z.string().check(z.maxLength(4000)),
  }),
  /** Who copied it (`slack:U… (@alice)`) and their facts, as the listener checked them. */
  by: z.string().check(z.minLength(1), z.maxLength(300)),
  facts: z.record(z.string(), z.string()),
});

/**
 * Work slower than a store read, acknowledged on the fast path and done by the worker (an asynchronous
 * Lambda invoke on AWS, the same process locally). The worker parses what it is sent with this schema:
 * a job is the one boundary between the two functions. A new kind is one more member here and one
 * runner in `worker/index.ts`.
 */
export const slackJobSchema = z.discriminatedUnion('kind', [
  checkJobSchema,
  timelineJobSchema,
  deliverJobSchema,
  restoreJobSchema,
  tellJobSchema,
  watchChannelJobSchema,
  restorePlanJobSchema,
  addToTimelineJobSchema,
]);

export type SlackJob = z.infer<typeof slackJobSchema>;
export type CheckJob = z.infer<typeof checkJobSchema>;
export type TimelineJob = z.infer<typeof timelineJobSchema>;
export type DeliverJob = z.infer<typeof deliverJobSchema>;
export type RestoreJob = z.infer<typeof restoreJobSchema>;
export type TellJob = z.infer<typeof tellJobSchema>;
export type WatchChannelJob = z.infer<typeof watchChannelJobSchema>;
export type RestorePlanJob = z.infer<typeof restorePlanJobSchema>;
export type AddToTimelineJob = z.infer<typeof addToTimelineJobSchema>;
