import { describe, expect, it } from 'vitest';
import { loadRunbooks } from '../../../lambda/config/load-runbooks.js';
import { openIncident } from '../../../lambda/domain/incidents/lifecycle.js';
import { whatHappened } from '../../../lambda/domain/render/what-happened.js';
import { runbookFor } from '../../../lambda/domain/runbooks/select.js';
import type { TriggerEvent } from '../../../lambda/domain/triggers/trigger-event.js';
import { triggerSeverity } from '../../../lambda/domain/triggers/trigger-severity.js';
import {
  triggerActor,
  triggerSignal,
  triggerSubject,
} from '../../../lambda/domain/triggers/trigger-signal.js';

const event: TriggerEvent = {
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
};

describe('Function: triggerSeverity', () => {
  it('maps sender words (any case) to Lookout severities, config over the built-in words', () => {
    const settings = { map: { P3: 'high' as const, sev1: 'critical' as const }, fallback: 'high' as const };
    expect(triggerSeverity('p1', settings)).toBe('critical');
    expect(triggerSeverity('warning', settings)).toBe('medium');
    expect(triggerSeverity('P3', settings)).toBe('high');
    expect(triggerSeverity('SEV1', settings)).toBe('critical');
    expect(triggerSeverity('whatever', { map: {}, fallback: 'low' })).toBe('low');
    expect(triggerSeverity(undefined, { map: {}, fallback: 'medium' })).toBe('medium');
  });
});

describe('Function: triggerSignal', () => {
  it('is a TRIGGERED signal of the sender episode, with only what the sender said as facts', () => {
    const signal = triggerSignal(event, 'critical', 'dns-empty');
    expect(signal).toMatchObject({
      kind: 'TRIGGERED',
      targetId: 'trigger:pagerduty:PGR0VU2',
      source: 'trigger',
      at: event.at,
      summary: 'PagerDuty triggered checkout-api: #2 DynamoDB endpoint returns no addresses',
    });
    expect(signal.facts).toEqual({
      sender: 'PagerDuty',
      name: 'checkout-api',
      key: 'PGR0VU2',
      severity: 'critical',
      senderSeverity: 'P1',
      summary: '#2 DynamoDB endpoint returns no addresses',
      url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
      runbook: 'dns-empty',
    });
    expect(triggerSubject(event, 'C0ONCALL')).toEqual({
      id: 'trigger:pagerduty:PGR0VU2',
      name: 'checkout-api',
      type: 'via PagerDuty',
      channel: 'C0ONCALL',
    });
  });

  it('names who acknowledged or resolved by sender, and the sender alone when it said nobody', () => {
    expect(triggerActor({ ...event, by: 'Tenex Engineer' })).toBe('pagerduty:Tenex Engineer');
    expect(triggerActor({ ...event, sender: 'alertmanager' })).toBe('alertmanager');
    expect(triggerActor({ ...event, sender: 'generic', by: 'ana' })).toBe('trigger:ana');
  });
});

describe('Rendering a trigger incident', () => {
  const open = (e: TriggerEvent, runbook?: string) =>
    openIncident(triggerSignal(e, 'high', runbook), triggerSubject(e)).incident;

  it('says who triggered what, in the sender words, and leaves out what it did not send', () => {
    expect(whatHappened(open(event))).toBe(
      'PagerDuty triggered an alert for checkout-api (P1): #2 DynamoDB endpoint returns no addresses.',
    );
    const bare: TriggerEvent = {
      sender: 'generic',
      via: 'eventbridge',
      action: 'trigger',
      dedupId: 'x',
      key: 'k',
      name: 'payments-worker',
      at: event.at,
    };
    expect(whatHappened(open(bare))).toBe('An EventBridge trigger triggered an alert for payments-worker.');
    expect(open(bare).title).toBe('TRIGGERED: payments-worker via trigger');
  });

  it('shows the runbook the trigger named, and the on-call runbook when it named none', () => {
    const runbooks = loadRunbooks({ env: {} });
    expect(runbookFor(runbooks, open(event, 'dns-degraded'))?.id).toBe('dns-degraded');
    expect(runbookFor(runbooks, open(event))?.id).toBe('on-call-trigger');
    expect(runbookFor(runbooks, open(event, 'removed-since'))?.id).toBe('on-call-trigger');
  });
});
