import * as z from '../../shared/zod.js';

/** Trimmed text of 1 to `max` characters. */
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** Runbook ids as runbooks/*.yaml spell them. */
export const runbookId = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a runbook id such as on-call-trigger'), z.maxLength(100));

/**
 * The generic trigger, signed over HTTPS or put on EventBridge as the `detail` of a `lookout.trigger`
 * event. Unknown fields are refused by name: a misspelt `runbok` must not silently show the default.
 */
export const genericTriggerSchema = z.strictObject({
  /** The sender's id of this trigger: a repeat with the same id is applied once. */
  id: z.optional(text(200)),
  /** What it is about (a service, an alert): the incident's subject, shown in Slack. */
  name: text(200),
  /** The episode at the sender: triggers with the same key meet in one incident. Defaults to `name`. */
  key: z.optional(text(200)),
  action: z._default(z.enum(['trigger', 'acknowledge', 'resolve']), 'trigger'),
  /** One line for people. */
  summary: z.optional(text(1000)),
  /** The sender's severity word (critical, P1…), mapped by config `triggers.severity`. */
  severity: z.optional(text(50)),
  /** A runbook id from runbooks/*.yaml; the sender's default (config) when absent. */
  runbook: z.optional(runbookId),
  /** Who acknowledged or resolved, for the timeline. */
  by: z.optional(text(100)),
  /** When it happened (ISO 8601 with zone); the signing time when absent. */
  at: z.optional(z.iso.datetime({ offset: true })),
  /** A page with more about it. */
  url: z.optional(z.url({ protocol: /^https?$/ })),
});

export type GenericTrigger = z.infer<typeof genericTriggerSchema>;
