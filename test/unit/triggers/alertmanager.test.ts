import { describe, expect, it } from 'vitest';
import {
  parseAlertmanagerWebhook,
  verifyAlertmanagerBearer,
} from '../../../lambda/sources/triggers/alertmanager.js';
import { InvalidTriggerError, TriggerUnauthorizedError } from '../../../lambda/sources/triggers/errors.js';
import { triggerFixture } from '../../support/triggers.js';

const NOW = new Date('2025-10-20T09:21:00Z');
const firing = () => JSON.parse(triggerFixture('alertmanager-firing.json'));

describe('Function: verifyAlertmanagerBearer', () => {
  const request = (authorization?: string): { headers: Record<string, string> } => ({
    headers: authorization ? { authorization } : {},
  });

  it('accepts the bearer token http_config.authorization sends', () => {
    expect(() => verifyAlertmanagerBearer(request('Bearer am-token'), 'am-token')).not.toThrow();
  });

  it('refuses a wrong, missing or non-bearer credential and an endpoint without a token', () => {
    expect(() => verifyAlertmanagerBearer(request('Bearer am-tokem'), 'am-token')).toThrow(
      'Authorization: wrong bearer token',
    );
    expect(() => verifyAlertmanagerBearer(request('Bearer am-token-longer'), 'am-token')).toThrow(
      TriggerUnauthorizedError,
    );
    expect(() => verifyAlertmanagerBearer(request(), 'am-token')).toThrow('Authorization: missing');
    expect(() => verifyAlertmanagerBearer(request('Basic YWxlcnQ6YW0tdG9rZW4='), 'am-token')).toThrow(
      'Authorization: expected Bearer <token>',
    );
    expect(() => verifyAlertmanagerBearer(request('Bearer am-token'), undefined)).toThrow(
      /no bearer token configured/,
    );
  });
});

describe('Function: parseAlertmanagerWebhook', () => {
  it('reads each alert of a version 4 notification as its own trigger, keyed by fingerprint', () => {
    const events = parseAlertmanagerWebhook(firing(), NOW);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      sender: 'alertmanager',
      action: 'trigger',
      key: '1a30ba71cca2921f',
      name: 'DnsEmptyAnswer',
      at: '2025-10-20T06:48:30.000Z',
      summary: 'dynamodb.us-east-1.amazonaws.com answers NOERROR with no A records',
      severity: 'critical',
      runbook: 'dns-empty',
    });
    expect(events[1]).toMatchObject({ key: '7c2b9e40d1f3a8b5', severity: 'warning' });
    expect(events[1]?.runbook).toBeUndefined();
    expect(events[0]?.dedupId).not.toBe(events[1]?.dedupId);
  });

  it('reads a resolved alert as resolving at its endsAt, with a dedup id of its own', () => {
    const [resolved] = parseAlertmanagerWebhook(
      JSON.parse(triggerFixture('alertmanager-resolved.json')),
      NOW,
    );
    const [fired] = parseAlertmanagerWebhook(firing(), NOW);
    expect(resolved).toMatchObject({
      action: 'resolve',
      key: '1a30ba71cca2921f',
      at: '2025-10-20T09:20:30.000Z',
    });
    expect(resolved?.dedupId).not.toBe(fired?.dedupId);
  });

  it('gives a repeat notification (same groupKey, fingerprint, startsAt, status) the same dedup id, and a new episode another', () => {
    const again = parseAlertmanagerWebhook(firing(), new Date('2025-10-20T10:48:30Z'));
    expect(again[0]?.dedupId).toBe(parseAlertmanagerWebhook(firing(), NOW)[0]?.dedupId);
    const next = firing();
    next.alerts[0].startsAt = '2025-10-21T01:00:00.000Z';
    expect(parseAlertmanagerWebhook(next, NOW)[0]?.dedupId).not.toBe(again[0]?.dedupId);
  });

  it('refuses another payload version and missing fields, naming the field', () => {
    const v3 = { ...firing(), version: '3' };
    expect(() => parseAlertmanagerWebhook(v3, NOW)).toThrow(InvalidTriggerError);
    expect(() => parseAlertmanagerWebhook(v3, NOW)).toThrow(
      `invalid Alertmanager webhook: version: expected "4" (Alertmanager's webhook payload), got "3"`,
    );
    const noFingerprint = firing();
    delete noFingerprint.alerts[1].fingerprint;
    expect(() => parseAlertmanagerWebhook(noFingerprint, NOW)).toThrow(/alerts\.1\.fingerprint: /);
  });
});
