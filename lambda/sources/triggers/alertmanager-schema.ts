import * as z from '../../shared/zod.js';

const labels = z.record(z.string(), z.string());

/** One alert of a notification, as Alertmanager's webhook_config documents it. */
export const alertmanagerAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: z._default(labels, {}),
  startsAt: z.iso.datetime({ offset: true, local: false }),
  endsAt: z.optional(z.string()),
  generatorURL: z.optional(z.string()),
  fingerprint: z.string().check(z.minLength(1), z.maxLength(100)),
});

/**
 * The webhook payload, version "4". Loose objects: Alertmanager may add fields; only a payload that
 * lacks or misspells what Lookout reads is refused.
 */
export const alertmanagerWebhookSchema = z.object({
  version: z.literal('4', {
    error: (issue) => `expected "4" (Alertmanager's webhook payload), got ${JSON.stringify(issue.input)}`,
  }),
  groupKey: z.string().check(z.minLength(1), z.maxLength(1000)),
  truncatedAlerts: z.optional(z.int()),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: z._default(labels, {}),
  commonLabels: z._default(labels, {}),
  commonAnnotations: z._default(labels, {}),
  externalURL: z.optional(z.string()),
  alerts: z.array(alertmanagerAlertSchema).check(z.minLength(1, 'expected at least one alert')),
});

export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;
