import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyHealthEvent, type HealthChange } from '../../../lambda/domain/health/health-change.js';
import type { HealthEntity, HealthEvent } from '../../../lambda/domain/health/health-event.js';
import type { HealthRecord } from '../../../lambda/domain/health/health-record.js';
import { healthSignals } from '../../../lambda/domain/health/health-signals.js';
import { healthSentence } from '../../../lambda/domain/render/health.js';
import { InvalidHealthEventError } from '../../../lambda/sources/health/errors.js';
import { parseHealthEvent } from '../../../lambda/sources/health/health-events.js';

const ARN = 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_X';
const V1 = '2025-10-20T07:11:00.000Z';
const V2 = '2025-10-20T07:45:00.000Z';

function event(over: Partial<HealthEvent> = {}): HealthEvent {
  return {
    arn: ARN,
    service: 'EC2',
    typeCode: 'AWS_EC2_OPERATIONAL_ISSUE',
    category: 'issue',
    region: 'us-east-1',
    status: 'open',
    startTime: V1,
    lastUpdatedTime: V1,
    description: 'We are investigating increased API error rates.',
    entities: [],
    via: 'eventbridge',
    ...over,
  };
}

/** `count` entities as AWS names instances: a full ARN each, ~150 bytes a page entry as in EventBridge. */
function entities(from: number, count: number, status = 'IMPAIRED'): HealthEntity[] {
  return Array.from({ length: count }, (_, i) => ({
    value: `arn:aws:ec2:us-east-1:123456789012:instance/i-${String(from + i).padStart(17, '0')}`,
    status,
    lastUpdatedTime: V1,
  }));
}

function deliver(events: HealthEvent[]): { record: HealthRecord | undefined; changes: HealthChange[] } {
  let record: HealthRecord | undefined;
  const changes: HealthChange[] = [];
  for (const e of events) {
    const { next, change } = applyHealthEvent(record, e);
    record = next;
    if (change) changes.push(change);
  }
  return { record, changes };
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const page = (n: number, over: Partial<HealthEvent> = {}) =>
  event({ page: { page: n, totalPages: 3 }, entities: entities((n - 1) * 1_500, 1_500), ...over });

describe('Function: applyHealthEvent — bounded records', () => {
  it('keeps a record of 3 pages × 1,500 entities far below a store item (400 KB), counting all 4,500', () => {
    // Act
    const { record, changes } = deliver([page(1), page(2), page(3)]);
    // Assess
    expect(bytes(record)).toBeLessThan(150_000);
    expect(record?.entities.length).toBeLessThan(4_500);
    expect(changes).toHaveLength(1);
    const told = healthSignals(changes[0] as HealthChange, { closedResolves: true, receivedAt: V2 });
    expect(bytes(told)).toBeLessThan(10_000);
    // The count told later is the record's whole count.
    const later = applyHealthEvent(record, event({ lastUpdatedTime: V2, status: 'closed' }));
    const [signal] = healthSignals(later.change as HealthChange, { closedResolves: true, receivedAt: V2 });
    expect(signal?.facts.affectedEntities).toBe(4_500);
  });

  it('stays under a store item at worst: longest kept values, more entities than fingerprints, a long description', () => {
    // Prepare: values of 512 characters, 10,000 entities, 100,000 characters of multi-byte description.
    const long = (i: number) => `${'é'.repeat(490)}-${String(i).padStart(21, '0')}`;
    const named = Array.from({ length: 10_000 }, (_, i) => ({
      value: long(i).slice(0, 512),
      status: 'IMPAIRED',
    }));
    // Act
    const { record, changes } = deliver([event({ entities: named, description: 'é'.repeat(100_000) })]);
    const told = healthSignals(changes[0] as HealthChange, { closedResolves: true, receivedAt: V2 });
    // Assess
    expect(bytes({ record, pendingSignals: told })).toBeLessThan(300_000);
    expect(record?.entitiesLeftOut?.atLeast).toBe(true);
    expect(told[0]?.summary).toMatch(/at least 8,0\d\d affected resources/);
  });

  it('tells 1,500 entities that appear past the cap, with the true total', () => {
    // Prepare
    const { record } = deliver([page(1), page(2), page(3)]);
    // Act
    const { next, change } = applyHealthEvent(
      record,
      event({ lastUpdatedTime: V2, entities: entities(4_500, 1_500) }),
    );
    // Assess
    expect(change?.fields).toContain('entities');
    expect(change?.entities.filter((e) => e.appeared)).toHaveLength(1_500);
    expect(healthSentence(change as HealthChange)).toMatch(
      /1,500 more affected resources \(6,000 in all\): arn:aws:ec2:.*i-00000000000004500, .* and 1,497 more/,
    );
    expect(bytes(next)).toBeLessThan(200_000);
  });

  it('tells a status change of an entity kept only as a fingerprint, and not the same status again', () => {
    // Prepare
    const { record } = deliver([page(1), page(2), page(3)]);
    const last = entities(4_499, 1, 'UNIMPAIRED');
    // Act
    const moved = applyHealthEvent(record, event({ lastUpdatedTime: V2, entities: last }));
    const again = applyHealthEvent(
      moved.next,
      event({ lastUpdatedTime: '2025-10-20T08:00:00.000Z', entities: last }),
    );
    // Assess
    expect(moved.change?.entities).toEqual([{ value: last[0]?.value, status: 'UNIMPAIRED' }]);
    expect(again.change?.entities).toEqual([]);
  });

  it('keeps a long description cut, with its length, and tells a change past the cut', () => {
    // Prepare
    const long = `Investigating. ${'x'.repeat(200_000)}`;
    // Act
    const { record, changes } = deliver([
      event({ description: long }),
      event({ lastUpdatedTime: V2, description: `${long}y` }),
    ]);
    // Assess
    expect(record?.description.length).toBeLessThan(10_000);
    expect(record?.descriptionCut?.length).toBe(long.length + 1);
    expect(changes[1]?.fields).toEqual(['lastUpdatedTime', 'description']);
    expect(bytes(record)).toBeLessThan(20_000);
  });
});

describe('Function: applyHealthEvent — backup-region copies', () => {
  it('adds nothing from a backup copy of a version told, even with other text (primary, backup, primary, backup)', () => {
    // Prepare
    const primary = event();
    const backup = event({ backup: true, description: 'BACKUP COPY SAYS SOMETHING ELSE', status: 'closed' });
    // Act
    const { record, changes } = deliver([primary, backup, primary, backup]);
    // Assess
    expect(changes.map((c) => c.kind)).toEqual(['opened']);
    expect(record?.description).toBe(primary.description);
    expect(record?.status).toBe('open');
  });

  it('opens the story from a backup copy when the primary never came, and the primary then corrects it', () => {
    // Act
    const { changes } = deliver([
      event({ backup: true, description: 'Backup text.' }),
      event(),
      event({ backup: true, description: 'Backup text.' }),
      event({ backup: true, lastUpdatedTime: V2, status: 'closed' }),
    ]);
    // Assess
    expect(changes.map((c) => [c.kind, c.fields])).toEqual([
      ['opened', []],
      ['updated', ['description']],
      ['closed', ['lastUpdatedTime', 'status']],
    ]);
  });
});

const sample = (): Record<string, unknown> & { detail: Record<string, unknown> } =>
  JSON.parse(readFileSync(new URL('../../events/health/public-ec2-issue.json', import.meta.url), 'utf8'));

describe('Function: parseHealthEvent — bounded metadata and unread times', () => {
  it('refuses eventMetadata nested 5,000 deep as an invalid event naming detail.eventMetadata', () => {
    // Prepare
    const input = sample();
    const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    input.detail.eventMetadata = { deep: JSON.parse(deep) };
    // Act
    let error: unknown;
    try {
      parseHealthEvent(input);
    } catch (e) {
      error = e;
    }
    // Assess
    expect(error).toBeInstanceOf(InvalidHealthEventError);
    expect(String((error as Error).message)).toContain(
      'detail.eventMetadata: expected values nested at most',
    );
  });

  it('keeps shallow structured metadata as bounded text', () => {
    // Prepare
    const input = sample();
    input.detail.eventMetadata = { nested: { a: { b: 'c' } }, big: { list: 'z'.repeat(50_000) } };
    // Act
    const parsed = parseHealthEvent(input);
    // Assess
    expect(parsed.metadata?.nested).toBe('{"a":{"b":"c"}}');
    expect(parsed.metadata?.big?.length).toBeLessThanOrEqual(1_001);
  });

  it('carries a start time it cannot read as text, and the sentence quotes it with when it was received', () => {
    // Prepare
    const input = sample();
    input.detail.startTime = 'Sat, 13 Sep 275760 00:00:00 GMT';
    input.detail.lastUpdatedTime = 'yesterday-ish';
    // Act
    const parsed = parseHealthEvent(input);
    const { change } = applyHealthEvent(undefined, parsed);
    const [signal] = healthSignals(change as HealthChange, {
      closedResolves: true,
      receivedAt: '2026-12-02T13:56:39.000Z',
    });
    // Assess
    expect(parsed.unreadTimes).toEqual({
      startTime: 'Sat, 13 Sep 275760 00:00:00 GMT',
      lastUpdatedTime: 'yesterday-ish',
    });
    expect(signal?.summary).toContain(
      "AWS's start time 'Sat, 13 Sep 275760 00:00:00 GMT' could not be read, AWS's update time 'yesterday-ish' could not be read, received 2026-12-02 13:56:39 UTC",
    );
    expect(signal?.facts).toMatchObject({
      unreadStartTime: 'Sat, 13 Sep 275760 00:00:00 GMT',
      receivedAt: '2026-12-02T13:56:39.000Z',
    });
  });
});
