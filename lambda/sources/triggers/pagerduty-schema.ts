import * as z from '../../shared/zod.js';

/** A PagerDuty reference (`user_reference`, `service_reference`…): only the fields read here. */
const reference = z.object({
  id: z.optional(z.string()),
  summary: z.optional(z.string()),
  html_url: z.optional(z.string()),
});

/** `data` of an `incident.*` event (resource_type `incident`), as PagerDuty documents it. */
export const pagerDutyIncidentSchema = z.object({
  id: z.string().check(z.minLength(1)),
  type: z.optional(z.string()),
  html_url: z.optional(z.string()),
  number: z.optional(z.int()),
  status: z.optional(z.string()),
  title: z.optional(z.string()),
  created_at: z.optional(z.iso.datetime({ offset: true })),
  service: z.optional(z.nullable(reference)),
  urgency: z.optional(z.string()),
  priority: z.optional(z.nullable(reference)),
});

/**
 * The v3 webhook envelope: `{ event: { id, event_type, resource_type, occurred_at, agent, client, data } }`.
 * Loose objects: PagerDuty adds fields, and a field added must not refuse a page.
 */
export const pagerDutyWebhookSchema = z.object({
  event: z.object({
    id: z.string().check(z.minLength(1), z.maxLength(200)),
    event_type: z.string().check(z.minLength(1)),
    resource_type: z.string(),
    occurred_at: z.iso.datetime({ offset: true }),
    agent: z.optional(z.nullable(reference)),
    data: z.record(z.string(), z.unknown()),
  }),
});
