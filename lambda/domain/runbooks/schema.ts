import * as z from 'zod';
import { ALERT_KINDS } from '../signals.js';

const stepSchema = z.strictObject({
  title: z.string().trim().min(1).max(150),
  detail: z.string().trim().min(1).max(2000).optional(),
  /** Shown as code in Slack and the terminal; one command or a short snippet. */
  command: z.string().trim().min(1).max(1000).optional(),
});

export const runbookSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id such as dns-empty'),
  title: z.string().trim().min(1).max(150),
  /** Incident kinds this runbook is shown for. */
  appliesTo: z.array(z.enum(ALERT_KINDS)).min(1, 'name at least one incident kind'),
  steps: z.array(stepSchema).min(1, 'a runbook needs at least one step').max(30),
});

export type Runbook = z.infer<typeof runbookSchema>;
export type RunbookStep = z.infer<typeof stepSchema>;
