import { createHash } from 'node:crypto';
import type { TriggerEvent } from '../../domain/triggers/trigger-event.js';
import { type AlertmanagerAlert, alertmanagerWebhookSchema } from './alertmanager-schema.js';
import { InvalidTriggerError, TriggerUnauthorizedError } from './errors.js';
import type { TriggerRequest } from './http-request.js';
import { issuesLine } from './issues.js';
import { equalSecrets } from './signatures.js';

/** A runbook id named by an alert: an annotation (or label) of this name. */
export const RUNBOOK_ANNOTATION = 'lookout_runbook';

/**
 * Alertmanager signs nothing: its `http_config.authorization` sends `Authorization: Bearer <token>`
 * (the default type). Compared in constant time; 401 when missing or wrong.
 */
export function verifyAlertmanagerBearer(
  request: Pick<TriggerRequest, 'headers'>,
  token: string | undefined,
): void {
  if (!token)
    throw new TriggerUnauthorizedError('Alertmanager webhooks are not set up: no bearer token configured');
  const header = request.headers.authorization;
  if (!header) throw new TriggerUnauthorizedError('Authorization: missing (expected Bearer <token>)');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new TriggerUnauthorizedError('Authorization: expected Bearer <token>');
  if (!equalSecrets(token, match[1] as string))
    throw new TriggerUnauthorizedError('Authorization: wrong bearer token');
}

/** Alertmanager writes this for an alert with no end yet. */
const NO_END = /^0001-01-01T/;

/**
 * One event per alert: firing triggers, resolved resolves the incident of that alert (its
 * fingerprint). A notification re-sent on `repeat_interval` has the same groupKey, fingerprint,
 * startsAt and status, so it is recognised and applied once.
 */
export function parseAlertmanagerWebhook(raw: unknown, now: Date): TriggerEvent[] {
  const parsed = alertmanagerWebhookSchema.safeParse(raw);
  if (!parsed.success)
    throw new InvalidTriggerError(`invalid Alertmanager webhook: ${issuesLine('', parsed.error)}`);
  const { groupKey } = parsed.data;
  return parsed.data.alerts.map((alert) => eventOf(groupKey, alert, now));
}

function eventOf(groupKey: string, alert: AlertmanagerAlert, now: Date): TriggerEvent {
  const firing = alert.status === 'firing';
  const ended = alert.endsAt && !NO_END.test(alert.endsAt) && !Number.isNaN(Date.parse(alert.endsAt));
  const at = firing ? alert.startsAt : ended ? (alert.endsAt as string) : now.toISOString();
  const summary = alert.annotations.summary?.trim() || alert.annotations.description?.trim();
  const runbook = alert.annotations[RUNBOOK_ANNOTATION] ?? alert.labels[RUNBOOK_ANNOTATION];
  const severity = alert.labels.severity?.trim();
  // The group key can be long (every group label); hashed, the dedup key stays a short store key.
  const identity = createHash('sha256')
    .update([groupKey, alert.fingerprint, alert.startsAt, alert.status].join('\n'))
    .digest('hex')
    .slice(0, 32);
  return {
    sender: 'alertmanager',
    via: 'https',
    action: firing ? 'trigger' : 'resolve',
    dedupId: `alertmanager:${identity}`,
    key: alert.fingerprint,
    name: alert.labels.alertname?.trim() || alert.fingerprint,
    at: new Date(at).toISOString(),
    ...(summary ? { summary } : {}),
    ...(severity ? { severity } : {}),
    ...(runbook ? { runbook: runbook.trim() } : {}),
    ...(alert.generatorURL ? { url: alert.generatorURL } : {}),
  };
}
