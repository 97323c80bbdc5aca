import { TRIGGER_SEVERITIES } from '../domain/triggers/trigger-severity.js';
import * as z from '../shared/zod.js';
import { runbookId } from '../sources/triggers/generic-schema.js';
import { strictObject } from './strict-object.js';

const channel = z.optional(z.string().check(z.minLength(1)));

/** Per sender: where its incidents go and the runbook they show when the trigger names none. */
const senderSchema = strictObject({
  channel,
  runbook: z.optional(runbookId),
});

/**
 * `triggers:` — on-call runbook triggers (PagerDuty, Alertmanager, the signed generic trigger and
 * EventBridge `lookout.trigger` events). Secrets never go here: see LOOKOUT_TRIGGER_SECRET and the
 * trigger secret. Everything has a default, so a config without this section is unchanged.
 */
export const triggersSchema = strictObject({
  /** Channel of trigger incidents (name or ID); slack.channel when absent. */
  channel,
  /** Runbook id shown when neither the trigger nor its sender's section names one. */
  runbook: z.optional(runbookId),
  generic: z.prefault(senderSchema, {}),
  pagerduty: z.prefault(senderSchema, {}),
  alertmanager: z.prefault(senderSchema, {}),
  /**
   * A sender's severity word (any case: `P1`, `critical`, `high`…) → Lookout's severity; added to and
   * overriding the built-in words (critical/page/P1 → critical, high/error/P2 → high, …).
   */
  severity: z._default(z.record(z.string().check(z.minLength(1)), z.enum(TRIGGER_SEVERITIES)), {}),
  /** For a trigger without a severity, or with a word nobody mapped. */
  defaultSeverity: z._default(z.enum(TRIGGER_SEVERITIES), 'high'),
});

export type TriggersConfig = z.infer<typeof triggersSchema>;
