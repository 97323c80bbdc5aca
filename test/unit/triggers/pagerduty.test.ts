import { describe, expect, it } from 'vitest';
import { InvalidTriggerError, TriggerUnauthorizedError } from '../../../lambda/sources/triggers/errors.js';
import {
  parsePagerDutyWebhook,
  verifyPagerDutySignature,
} from '../../../lambda/sources/triggers/pagerduty.js';
import { pagerDutyHeaders, triggerFixture } from '../../support/triggers.js';

const TRIGGERED = triggerFixture('pagerduty-incident-triggered.json');

function request(headers: Record<string, string>, body = TRIGGERED) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { headers: lower, body: Buffer.from(body) };
}

describe('Function: verifyPagerDutySignature', () => {
  it('accepts v1=HMAC-SHA256 of the raw body', () => {
    expect(() =>
      verifyPagerDutySignature(request(pagerDutyHeaders(['pd-secret'], TRIGGERED)), ['pd-secret']),
    ).not.toThrow();
  });

  it('refuses a signature made with another secret', () => {
    expect(() =>
      verifyPagerDutySignature(request(pagerDutyHeaders(['wrong'], TRIGGERED)), ['pd-secret']),
    ).toThrow('X-PagerDuty-Signature: no signature matches the body');
  });

  it('accepts any one of several signatures during rotation, whichever secret Lookout holds', () => {
    const header = pagerDutyHeaders(['new-secret', 'old-secret'], TRIGGERED);
    expect(() => verifyPagerDutySignature(request(header), ['old-secret'])).not.toThrow();
    expect(() => verifyPagerDutySignature(request(header), ['new-secret'])).not.toThrow();
    expect(() => verifyPagerDutySignature(request(header), ['third'])).toThrow(TriggerUnauthorizedError);
  });

  it('refuses a tampered body', () => {
    const header = pagerDutyHeaders(['pd-secret'], TRIGGERED);
    const tampered = TRIGGERED.replace('"P1"', '"P5"');
    expect(() => verifyPagerDutySignature(request(header, tampered), ['pd-secret'])).toThrow(
      TriggerUnauthorizedError,
    );
  });

  it('refuses an unsigned request and an endpoint without a secret', () => {
    expect(() => verifyPagerDutySignature(request({}), ['pd-secret'])).toThrow(
      'X-PagerDuty-Signature: missing',
    );
    expect(() => verifyPagerDutySignature(request(pagerDutyHeaders(['pd-secret'], TRIGGERED)), [])).toThrow(
      /no PagerDuty signing secret/,
    );
  });
});

describe('Function: parsePagerDutyWebhook', () => {
  it('reads incident.triggered as a trigger of the PagerDuty incident, named by its service', () => {
    const event = parsePagerDutyWebhook(JSON.parse(TRIGGERED));
    expect(event).toEqual({
      sender: 'pagerduty',
      via: 'https',
      action: 'trigger',
      dedupId: 'pagerduty:01DEN5NDC9G5Q1YFE6ZUJ1UMEX',
      key: 'PGR0VU2',
      name: 'checkout-api',
      at: '2025-10-20T06:50:00.000Z',
      summary: '#2 DynamoDB endpoint returns no addresses',
      severity: 'P1',
      url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
      // Webhooks arrive in any order: occurred_at orders them, created_at dates an episode a later event opens.
      ordered: true,
      openedAt: '2025-10-20T06:50:00.000Z',
    });
  });

  it('reads incident.reopened and incident.unacknowledged as actions on the same incident', () => {
    const as = (type: string) => {
      const payload = JSON.parse(TRIGGERED);
      payload.event.event_type = type;
      return parsePagerDutyWebhook(payload);
    };
    expect(as('incident.reopened')).toMatchObject({ action: 'reopen', key: 'PGR0VU2', ordered: true });
    expect(as('incident.unacknowledged')).toMatchObject({ action: 'unacknowledge', key: 'PGR0VU2' });
  });

  it('reads acknowledged and resolved as changes of the same incident, by the agent', () => {
    const ack = parsePagerDutyWebhook(JSON.parse(triggerFixture('pagerduty-incident-acknowledged.json')));
    const resolved = parsePagerDutyWebhook(JSON.parse(triggerFixture('pagerduty-incident-resolved.json')));
    expect(ack).toMatchObject({
      action: 'acknowledge',
      key: 'PGR0VU2',
      by: 'Tenex Engineer',
      at: '2025-10-20T06:53:10.000Z',
    });
    expect(resolved).toMatchObject({ action: 'resolve', key: 'PGR0VU2', by: 'Tenex Engineer' });
    expect('dedupId' in ack && 'dedupId' in resolved && ack.dedupId !== resolved.dedupId).toBe(true);
  });

  it('ignores event types it does not act on, saying which', () => {
    expect(parsePagerDutyWebhook(JSON.parse(triggerFixture('pagerduty-incident-annotated.json')))).toEqual({
      ignored: 'PagerDuty event type incident.annotated is not acted on',
    });
  });

  it('names the field of a payload that is not a v3 webhook', () => {
    const payload = JSON.parse(TRIGGERED);
    delete payload.event.id;
    expect(() => parsePagerDutyWebhook(payload)).toThrow(InvalidTriggerError);
    expect(() => parsePagerDutyWebhook(payload)).toThrow(/^invalid PagerDuty webhook: event\.id: /);
    const noIncidentId = JSON.parse(TRIGGERED);
    delete noIncidentId.event.data.id;
    expect(() => parsePagerDutyWebhook(noIncidentId)).toThrow(/event\.data\.id: /);
  });
});
