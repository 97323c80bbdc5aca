import { describe, expect, it } from 'vitest';
import { applyHealthEvent, type HealthChange } from '../../../lambda/domain/health/health-change.js';
import type { HealthEvent } from '../../../lambda/domain/health/health-event.js';
import type { HealthRecord } from '../../../lambda/domain/health/health-record.js';
import { healthSignals, healthSubject } from '../../../lambda/domain/health/health-signals.js';
import { applySignal, openIncident } from '../../../lambda/domain/incidents/lifecycle.js';
import { whatHappened } from '../../../lambda/domain/render/what-happened.js';
import { isAlertKind, type Signal } from '../../../lambda/domain/signals.js';

const ARN =
  'arn:aws:health:us-east-1::event/DYNAMODB/AWS_DYNAMODB_OPERATIONAL_ISSUE/AWS_DYNAMODB_OPERATIONAL_ISSUE_X';
const RECEIVED = '2025-10-20T07:12:00.000Z';

function event(over: Partial<HealthEvent> = {}): HealthEvent {
  return {
    arn: ARN,
    service: 'DYNAMODB',
    typeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
    category: 'issue',
    region: 'us-east-1',
    status: 'open',
    startTime: '2025-10-20T06:49:00.000Z',
    lastUpdatedTime: '2025-10-20T07:11:00.000Z',
    description: 'Increased error rates',
    entities: [],
    via: 'eventbridge',
    ...over,
  };
}

function told(...events: HealthEvent[]): HealthChange[] {
  let record: HealthRecord | undefined;
  const changes: HealthChange[] = [];
  for (const e of events) {
    const { next, change } = applyHealthEvent(record, e);
    record = next;
    if (change) changes.push(change);
  }
  return changes;
}

function signalsOf(changes: HealthChange[], closedResolves = true): Signal[] {
  return changes.flatMap((c) => healthSignals(c, { closedResolves, receivedAt: RECEIVED }));
}

const STORY = [
  event(),
  event({ lastUpdatedTime: '2025-10-20T08:00:00.000Z', description: 'The root cause is DNS resolution.' }),
  event({ lastUpdatedTime: '2025-10-20T10:00:00.000Z', status: 'closed', description: 'Recovered.' }),
];

describe('Function: healthSignals', () => {
  it('turns opened, updated and closed into HEALTH_EVENT, HEALTH_UPDATE and RECOVERED from aws-health', () => {
    // Act
    const signals = signalsOf(told(...STORY));
    // Assess
    expect(signals.map((s) => [s.kind, s.source, s.at])).toEqual([
      ['HEALTH_EVENT', 'aws-health', '2025-10-20T07:11:00.000Z'],
      ['HEALTH_UPDATE', 'aws-health', '2025-10-20T08:00:00.000Z'],
      ['RECOVERED', 'aws-health', '2025-10-20T10:00:00.000Z'],
    ]);
    expect(signals[0]?.targetId).toBe(`${ARN}/HEALTH`);
    expect(signals[0]?.facts).toMatchObject({
      service: 'DYNAMODB',
      region: 'us-east-1',
      title: 'Increased error rates',
      since: '2025-10-20T06:49:00.000Z',
    });
    expect(signals[0]?.summary).toMatch(/^AWS Health: Increased error rates — DynamoDB, us-east-1/);
  });

  it('derives the same ids from a replay, and different ids for different versions', () => {
    // Act
    const first = signalsOf(told(...STORY)).map((s) => s.observationId);
    const again = signalsOf(told(...STORY)).map((s) => s.observationId);
    // Assess
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(3);
  });

  it('only ends the Health problem on close when closing does not resolve', () => {
    // Act
    const [, , closed] = signalsOf(told(...STORY), false);
    // Assess
    expect(closed).toMatchObject({ kind: 'ENDED', facts: { ended: 'HEALTH_EVENT' } });
  });

  it('tells an event first seen closed as an update, a reopened one as an event again', () => {
    // Act
    const late = signalsOf(told(event({ status: 'closed' })));
    const reopened = signalsOf(told(...STORY, event({ lastUpdatedTime: '2025-10-20T11:00:00.000Z' })));
    // Assess
    expect(late.map((s) => s.kind)).toEqual(['HEALTH_UPDATE']);
    expect(reopened.map((s) => s.kind).at(-1)).toBe('HEALTH_EVENT');
  });

  it('yields nothing for digest categories', () => {
    // Act & Assess
    expect(signalsOf(told(event({ category: 'scheduledChange', status: 'upcoming' })))).toEqual([]);
    expect(signalsOf(told(event({ category: 'accountNotification' })))).toEqual([]);
  });

  it('uses the arrival time only when AWS gave no time at all', () => {
    // Act
    const [signal] = signalsOf(told(event({ lastUpdatedTime: undefined, startTime: undefined })));
    // Assess
    expect(signal?.at).toBe(RECEIVED);
  });
});

describe('Health signals through the incident lifecycle', () => {
  it('open an incident of their own, join updates to it, resolve it on close, and change nothing on replay', () => {
    // Prepare
    const [opening, update, close] = signalsOf(told(...STORY));
    if (!opening || !update || !close || !isAlertKind(opening.kind)) throw new Error('unexpected signals');
    const subject = healthSubject({ key: ARN, service: 'DYNAMODB', region: 'us-east-1' });
    // Act
    const opened = openIncident({ ...opening, kind: opening.kind }, subject);
    const updated = applySignal(opened.incident, update, true);
    const replayed = applySignal(updated.incident, update, true);
    const closed = applySignal(updated.incident, close, true);
    // Assess
    expect(opened.incident.headlineKind).toBe('HEALTH_EVENT');
    expect(whatHappened(opened.incident)).toBe(
      'AWS Health reports an issue with DynamoDB in us-east-1: Increased error rates.',
    );
    expect(updated.entries.map((e) => e.kind)).toEqual(['HEALTH_UPDATE']);
    expect(replayed.incident).toBe(updated.incident);
    expect(replayed.entries.map((e) => e.entryId)).toEqual(updated.entries.map((e) => e.entryId));
    expect(closed.incident.status).toBe('resolved');
  });

  it('join a DNS incident without taking its headline, and neither source ends the other’s problem', () => {
    // Prepare
    const target = 'dynamodb.us-east-1.amazonaws.com/A';
    const empty: Signal & { kind: 'EMPTY' } = {
      kind: 'EMPTY',
      targetId: target,
      at: '2025-10-20T06:48:00.000Z',
      observationId: 'obs-1',
      summary: 'empty',
      evidence: [],
      facts: {},
    };
    const recovered: Signal = {
      ...empty,
      kind: 'RECOVERED',
      at: '2025-10-20T09:30:00.000Z',
      observationId: 'obs-2',
    };
    const [opening, , close] = signalsOf(told(...STORY)).map((s) => ({ ...s, targetId: target }));
    if (!opening || !close) throw new Error('unexpected signals');
    // Act
    const dns = openIncident(empty, { id: target, name: 'dynamodb.us-east-1.amazonaws.com', type: 'A' });
    const joined = applySignal(dns.incident, opening, true);
    const dnsBack = applySignal(joined.incident, recovered, true);
    const awsClosed = applySignal(dnsBack.incident, close, true);
    // Assess
    expect(joined.incident.headlineKind).toBe('EMPTY');
    expect(joined.incident.active?.map((p) => [p.kind, p.family])).toEqual([
      ['EMPTY', 'dns-probe'],
      ['HEALTH_EVENT', 'aws-health'],
    ]);
    expect(dnsBack.incident.status).toBe('open');
    expect(dnsBack.incident.active?.map((p) => p.kind)).toEqual(['HEALTH_EVENT']);
    expect(awsClosed.incident.status).toBe('resolved');
  });
});
