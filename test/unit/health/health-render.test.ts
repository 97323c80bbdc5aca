import { describe, expect, it } from 'vitest';
import { applyHealthEvent, type HealthChange } from '../../../lambda/domain/health/health-change.js';
import type { HealthEvent } from '../../../lambda/domain/health/health-event.js';
import type { HealthRecord } from '../../../lambda/domain/health/health-record.js';
import { healthSentence } from '../../../lambda/domain/render/health.js';

/** What must never reach a person (as in no-placeholders.test.ts): a placeholder or a lost value. */
const PLACEHOLDER = /\?|\bundefined\b|\bNaN\b|\bnull\b|\(\)|\[\]|: \.|: ,|, ,|— ,|, $|\bInfinity\b/;

function event(over: Partial<HealthEvent> = {}): HealthEvent {
  return {
    arn: 'arn:aws:health:us-east-1::event/DYNAMODB/AWS_DYNAMODB_OPERATIONAL_ISSUE/X',
    service: 'DYNAMODB',
    typeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
    category: 'issue',
    region: 'us-east-1',
    status: 'open',
    lastUpdatedTime: '2025-10-20T07:11:00.000Z',
    description:
      'Increased error rates\n\nWe are investigating increased error rates and latencies for DynamoDB.',
    entities: [],
    via: 'eventbridge',
    ...over,
  };
}

function changes(...events: HealthEvent[]): HealthChange[] {
  let record: HealthRecord | undefined;
  const told: HealthChange[] = [];
  for (const e of events) {
    const { next, change } = applyHealthEvent(record, e);
    record = next;
    if (change) told.push(change);
  }
  return told;
}

describe('Function: healthSentence', () => {
  it('tells the first post with how long after Lookout’s own first detection it came', () => {
    // Prepare
    const [opened] = changes(event());
    if (!opened) throw new Error('no change');
    // Act
    const text = healthSentence(opened, { lookoutFirst: { kind: 'EMPTY', at: '2025-10-20T06:48:00.000Z' } });
    // Assess
    expect(text).toBe(
      "AWS Health: Increased error rates — DynamoDB, us-east-1, posted 2025-10-20 07:11:00 UTC, 23 min after Lookout's first EMPTY",
    );
  });

  it('leaves out what was not observed: no Lookout time, no posting time, no description', () => {
    // Prepare
    const [opened] = changes(event({ lastUpdatedTime: undefined, description: '' }));
    if (!opened) throw new Error('no change');
    // Act
    const text = healthSentence(opened);
    // Assess
    expect(text).toBe('AWS Health: AWS_DYNAMODB_OPERATIONAL_ISSUE — DynamoDB, us-east-1');
  });

  it('says when AWS posted before Lookout saw anything', () => {
    // Prepare
    const [opened] = changes(event());
    if (!opened) throw new Error('no change');
    // Act & Assess
    expect(
      healthSentence(opened, { lookoutFirst: { kind: 'EMPTY', at: '2025-10-20T07:13:30.000Z' } }),
    ).toContain("2 min 30 s before Lookout's first EMPTY");
  });

  it('tells an update with its new resources and status moves, a close with its end, a reopen', () => {
    // Prepare
    const told = changes(
      event({ entities: [{ value: 'table/orders', status: 'IMPAIRED' }] }),
      event({
        lastUpdatedTime: '2025-10-20T08:00:00.000Z',
        description: 'The root cause is DNS resolution of the DynamoDB endpoint.',
        entities: [
          { value: 'table/orders', status: 'UNIMPAIRED' },
          { value: 'table/a' },
          { value: 'table/b' },
          { value: 'table/c' },
          { value: 'table/d' },
        ],
      }),
      event({
        lastUpdatedTime: '2025-10-20T10:00:00.000Z',
        status: 'closed',
        endTime: '2025-10-20T09:53:00.000Z',
      }),
      event({ lastUpdatedTime: '2025-10-20T11:00:00.000Z', status: 'open', account: undefined }),
    );
    // Act
    const texts = told.map((c) => healthSentence(c));
    // Assess
    expect(texts[0]).toContain('; 1 affected resource');
    expect(texts[1]).toBe(
      'AWS Health update: The root cause is DNS resolution of the DynamoDB endpoint — DynamoDB, us-east-1, posted 2025-10-20 08:00:00 UTC; 4 more affected resources (5 in all): table/a, table/b, table/c and 1 more; table/orders IMPAIRED → UNIMPAIRED',
    );
    expect(texts[2]).toBe(
      'AWS Health closed: Increased error rates — DynamoDB, us-east-1, posted 2025-10-20 10:00:00 UTC; ended 2025-10-20 09:53:00 UTC',
    );
    expect(texts[3]).toMatch(/^AWS Health reopened: /);
    for (const text of texts) expect(text).not.toMatch(PLACEHOLDER);
  });

  it('names abuse reports, the account in the organization view, global events and unknown services as sent', () => {
    // Prepare
    const [opened] = changes(
      event({ abuse: true, account: '123456789012', service: 'NEWTHING', region: 'global', description: '' }),
    );
    if (!opened) throw new Error('no change');
    // Act & Assess
    expect(healthSentence(opened)).toBe(
      'AWS Health abuse report: AWS_DYNAMODB_OPERATIONAL_ISSUE — NEWTHING, global, account 123456789012, posted 2025-10-20 07:11:00 UTC',
    );
  });

  it('cuts a long first line at a sentence', () => {
    // Prepare
    const long = `We are investigating increased error rates. ${'More words follow here. '.repeat(10)}`;
    const [opened] = changes(event({ description: long }));
    if (!opened) throw new Error('no change');
    // Act & Assess
    expect(healthSentence(opened)).toMatch(/^AWS Health: We are investigating increased error rates — /);
  });

  it('shows times in the zone asked for', () => {
    // Prepare
    const [opened] = changes(event());
    if (!opened) throw new Error('no change');
    // Act & Assess
    expect(healthSentence(opened, { timeZone: 'Europe/Berlin' })).toContain(
      'posted 2025-10-20 09:11:00 UTC+02:00',
    );
  });
});
