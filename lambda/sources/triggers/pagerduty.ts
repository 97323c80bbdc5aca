import type { TriggerAction, TriggerEvent } from '../../domain/triggers/trigger-event.js';
import { InvalidTriggerError, TriggerUnauthorizedError } from './errors.js';
import type { TriggerRequest } from './http-request.js';
import { issuesLine } from './issues.js';
import { pagerDutyIncidentSchema, pagerDutyWebhookSchema } from './pagerduty-schema.js';
import { anySignatureMatches, v1Signatures } from './signatures.js';

export const PAGERDUTY_SIGNATURE_HEADER = 'x-pagerduty-signature';

/**
 * PagerDuty v3 signs the raw body: `X-PagerDuty-Signature: v1=<hex HMAC-SHA256>`, one signature per
 * active secret (comma-separated while a secret is rotated). Accepted when any matches any configured
 * secret; 401 otherwise. There is no timestamp: a repeat is caught by the event id instead.
 */
export function verifyPagerDutySignature(
  request: Pick<TriggerRequest, 'headers' | 'body'>,
  secrets: readonly string[],
): void {
  if (!secrets.length) {
    throw new TriggerUnauthorizedError('PagerDuty webhooks are not set up: no PagerDuty signing secret');
  }
  const signatures = v1Signatures(request.headers[PAGERDUTY_SIGNATURE_HEADER]);
  if (!signatures.length)
    throw new TriggerUnauthorizedError('X-PagerDuty-Signature: missing (expected v1=<hex>)');
  if (!anySignatureMatches(secrets, signatures, request.body)) {
    throw new TriggerUnauthorizedError('X-PagerDuty-Signature: no signature matches the body');
  }
}

const ACTIONS: Readonly<Record<string, TriggerAction>> = {
  'incident.triggered': 'trigger',
  'incident.acknowledged': 'acknowledge',
  'incident.resolved': 'resolve',
  'incident.reopened': 'reopen',
  'incident.unacknowledged': 'unacknowledge',
};

/** A webhook Lookout reads but does not act on (another event type, PagerDuty's ping), and why. */
export interface IgnoredWebhook {
  ignored: string;
}

/**
 * One v3 webhook: `incident.triggered` opens, `.acknowledged` acknowledges, `.unacknowledged` takes the
 * acknowledgement back, `.resolved` resolves, `.reopened` opens again the incident of that PagerDuty
 * incident (its id). PagerDuty does not deliver in order, so each is `ordered` by its `occurred_at` and
 * carries what opens the incident when it is the first to arrive. Other event types are read and
 * ignored, so PagerDuty is answered 200 and does not retry them.
 */
export function parsePagerDutyWebhook(raw: unknown): TriggerEvent | IgnoredWebhook {
  const parsed = pagerDutyWebhookSchema.safeParse(raw);
  if (!parsed.success)
    throw new InvalidTriggerError(`invalid PagerDuty webhook: ${issuesLine('', parsed.error)}`);
  const { event } = parsed.data;
  const action = ACTIONS[event.event_type];
  if (!action) return { ignored: `PagerDuty event type ${event.event_type} is not acted on` };
  const data = pagerDutyIncidentSchema.safeParse(event.data);
  if (!data.success) {
    throw new InvalidTriggerError(`invalid PagerDuty webhook: ${issuesLine('event.data', data.error)}`);
  }
  const incident = data.data;
  const title = incident.title?.trim();
  const severity = incident.priority?.summary ?? incident.urgency;
  const by = event.agent?.summary?.trim();
  return {
    sender: 'pagerduty',
    via: 'https',
    action,
    dedupId: `pagerduty:${event.id}`,
    key: incident.id,
    name: incident.service?.summary?.trim() || title || incident.id,
    at: new Date(event.occurred_at).toISOString(),
    ordered: true,
    ...(incident.created_at ? { openedAt: new Date(incident.created_at).toISOString() } : {}),
    ...(title ? { summary: incident.number ? `#${incident.number} ${title}` : title } : {}),
    ...(by && action !== 'trigger' ? { by } : {}),
    ...(severity ? { severity } : {}),
    ...(incident.html_url ? { url: incident.html_url } : {}),
  };
}
