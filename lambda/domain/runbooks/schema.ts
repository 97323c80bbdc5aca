import * as z from '../../shared/zod.js';
import { ALERT_KINDS, SIGNAL_SOURCES } from '../signals.js';

/** Trimmed text of 1 to `max` characters. */
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

const stepSchema = z.strictObject({
  title: text(150),
  detail: z.optional(text(2000)),
  /** Shown as code in Slack and the terminal; one command or a short snippet. */
  command: z.optional(text(1000)),
  /**
   * An automated action the step offers beside its Done button, run under the same rules as the
   * command: `recheck` probes the incident's target again from Lookout's resolvers; `restore` offers the
   * guarded restore of the last-known-good record (only where restore from Slack is switched on).
   */
  action: z.optional(z.enum(['recheck', 'restore'])),
});

export const runbookSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id such as dns-empty')),
  title: text(150),
  /** Incident kinds this runbook is shown for. */
  appliesTo: z.array(z.enum(ALERT_KINDS)).check(z.minLength(1, 'name at least one incident kind')),
  /**
   * Only for incidents whose problem came from these sources (one kind can mean different things: a
   * MISCONFIGURED hosted zone is not a Health API poller without a support plan); absent: any source.
   */
  sources: z.optional(z.array(z.enum(SIGNAL_SOURCES)).check(z.minLength(1, 'name at least one source'))),
  steps: z.array(stepSchema).check(z.minLength(1, 'a runbook needs at least one step'), z.maxLength(30)),
});

export type Runbook = z.infer<typeof runbookSchema>;
export type RunbookStep = z.infer<typeof stepSchema>;
export type RunbookStepAction = NonNullable<RunbookStep['action']>;
