import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyHealthEvent, type HealthChange } from '../../../lambda/domain/health/health-change.js';
import type { HealthEntity, HealthEvent } from '../../../lambda/domain/health/health-event.js';
import { type HealthRecord, healthKey } from '../../../lambda/domain/health/health-record.js';

const ARN =
  'arn:aws:health:us-east-1::event/DYNAMODB/AWS_DYNAMODB_OPERATIONAL_ISSUE/AWS_DYNAMODB_OPERATIONAL_ISSUE_BA540_514A652BE1A';

function event(over: Partial<HealthEvent> = {}): HealthEvent {
  return {
    arn: ARN,
    service: 'DYNAMODB',
    typeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
    category: 'issue',
    scope: 'PUBLIC',
    region: 'us-east-1',
    status: 'open',
    startTime: '2025-10-20T07:11:00.000Z',
    lastUpdatedTime: '2025-10-20T07:11:00.000Z',
    description: 'We are investigating increased error rates for DynamoDB in US-EAST-1.',
    entities: [],
    via: 'eventbridge',
    ...over,
  };
}

/** Every delivery in order; the record after the last, and the changes told along the way. */
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

describe('Function: healthKey', () => {
  it('is the event ARN, with the affected account in the organization view', () => {
    // Act & Assess
    expect(healthKey({ arn: ARN })).toBe(ARN);
    expect(healthKey({ arn: ARN, account: '123456789012' })).toBe(`${ARN}#123456789012`);
  });
});

describe('Function: applyHealthEvent', () => {
  it('opens the story on the first delivery', () => {
    // Act
    const { next, change } = applyHealthEvent(undefined, event());
    // Assess
    expect(change?.kind).toBe('opened');
    expect(next.key).toBe(ARN);
    expect(next.status).toBe('open');
  });

  it('tells nothing for the same version again, its backup-region copy or the poller’s view of it', () => {
    // Prepare
    const first = event();
    // Act
    const { changes } = deliver([
      first,
      first,
      event({ backup: true }),
      event({ via: 'api', deliveryId: 'x' }),
    ]);
    // Assess
    expect(changes.map((c) => c.kind)).toEqual(['opened']);
  });

  it('merges the other pages’ entities silently', () => {
    // Prepare
    const page = (n: number, entities: HealthEntity[]) =>
      event({ page: { page: n, totalPages: 2 }, entities });
    // Act
    const { record, changes } = deliver([
      page(1, [{ value: 'i-1', status: 'IMPAIRED' }]),
      page(2, [{ value: 'i-2', status: 'IMPAIRED' }]),
    ]);
    // Assess
    expect(changes).toHaveLength(1);
    expect(record?.entities.map((e) => e.value)).toEqual(['i-1', 'i-2']);
    expect(record?.pages).toEqual([1, 2]);
    expect(record?.totalPages).toBe(2);
  });

  it('tells an update with the fields that changed and the entities that appeared or changed status', () => {
    // Prepare
    const first = event({ entities: [{ value: 'i-1', status: 'IMPAIRED' }] });
    const later = event({
      lastUpdatedTime: '2025-10-20T07:45:00.000Z',
      description: 'The issue is DNS resolution of the DynamoDB endpoint.',
      entities: [
        { value: 'i-1', status: 'UNIMPAIRED' },
        { value: 'i-2', status: 'IMPAIRED' },
      ],
    });
    // Act
    const { changes } = deliver([first, later]);
    // Assess
    expect(changes[1]).toMatchObject({
      kind: 'updated',
      fields: ['lastUpdatedTime', 'description', 'entities'],
      entities: [
        { value: 'i-1', status: 'UNIMPAIRED', previousStatus: 'IMPAIRED' },
        { value: 'i-2', status: 'IMPAIRED', appeared: true },
      ],
    });
    expect(changes[1]?.record.description).toBe('The issue is DNS resolution of the DynamoDB endpoint.');
  });

  it('tells closed and reopened by the status', () => {
    // Act
    const { changes } = deliver([
      event(),
      event({
        status: 'closed',
        lastUpdatedTime: '2025-10-20T10:00:00.000Z',
        endTime: '2025-10-20T09:53:00.000Z',
      }),
      event({ status: 'open', lastUpdatedTime: '2025-10-20T11:00:00.000Z' }),
    ]);
    // Assess
    expect(changes.map((c) => [c.kind, c.previousStatus])).toEqual([
      ['opened', undefined],
      ['closed', 'open'],
      ['reopened', 'closed'],
    ]);
    expect(changes[2]?.record.endTime).toBe('2025-10-20T09:53:00.000Z');
  });

  it('ignores an older version that arrives late', () => {
    // Prepare
    const newer = event({ lastUpdatedTime: '2025-10-20T08:00:00.000Z', status: 'closed' });
    // Act
    const { record, changes } = deliver([newer, event({ entities: [{ value: 'i-9' }] })]);
    // Assess
    expect(changes).toHaveLength(1);
    expect(record?.status).toBe('closed');
    expect(record?.entities).toEqual([]);
  });

  it('tells a same-version copy that changes the status, and keeps a description a copy leaves out', () => {
    // Act
    const { record, changes } = deliver([event(), event({ description: '' }), event({ status: 'closed' })]);
    // Assess
    expect(changes.map((c) => c.kind)).toEqual(['opened', 'closed']);
    expect(record?.description).toMatch(/increased error rates/);
  });

  it('treats a version with a time as newer than one without', () => {
    // Act
    const { changes } = deliver([event({ lastUpdatedTime: undefined }), event()]);
    // Assess
    expect(changes.map((c) => c.fields)).toEqual([[], ['lastUpdatedTime']]);
  });

  it('keeps one story per account in the organization view', () => {
    // Act
    const a = applyHealthEvent(undefined, event({ account: '111111111111' }));
    const b = applyHealthEvent(undefined, event({ account: '222222222222' }));
    // Assess
    expect(a.next.key).not.toBe(b.next.key);
  });
});

/** One version AWS posted: what it says, with its entities spread over `totalPages` pages. */
interface Version {
  status: string;
  description: string;
  entities: HealthEntity[];
  totalPages: number;
}

const entity = fc.record(
  {
    value: fc.constantFrom('i-1', 'i-2', 'i-3', 'i-4', 'vol-1'),
    status: fc.constantFrom('IMPAIRED', 'UNIMPAIRED'),
  },
  { requiredKeys: ['value'] },
);
const version: fc.Arbitrary<Version> = fc.record({
  status: fc.constantFrom('open', 'closed', 'upcoming'),
  description: fc.constantFrom('', 'Investigating.', 'Root cause: DNS.', 'Recovered.'),
  entities: fc.uniqueArray(entity, { selector: (e) => e.value, maxLength: 5 }),
  totalPages: fc.integer({ min: 1, max: 3 }),
});

function timeOf(i: number): string {
  return new Date(Date.UTC(2025, 9, 20, 7, 11 + 7 * i)).toISOString();
}

/** The EventBridge pages of version `i`, each naming its share of the entities. */
function pagesOf(v: Version, i: number): HealthEvent[] {
  return Array.from({ length: v.totalPages }, (_, p) =>
    event({
      status: v.status,
      description: v.description,
      lastUpdatedTime: timeOf(i),
      entities: v.entities.filter((_, k) => k % v.totalPages === p),
      page: { page: p + 1, totalPages: v.totalPages },
    }),
  );
}

/** Every copy of version `i` that may arrive: its pages, their backup-region copies and repeats, the poller's view. */
function copiesOf(v: Version, i: number): HealthEvent[] {
  const pages = pagesOf(v, i);
  return [
    ...pages,
    ...pages.map((p) => ({ ...p, backup: true })),
    ...pages.map((p) => ({ ...p, deliveryId: 'again' })),
    event({
      status: v.status,
      description: v.description,
      lastUpdatedTime: timeOf(i),
      entities: v.entities,
      via: 'api',
    }),
  ];
}

describe('Property: exactly one story per event', () => {
  it('any arrival order of copies, pages and late repeats tells what each version delivered once in order tells', () => {
    fc.assert(
      fc.property(
        fc.array(version, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 6 }),
        (versions, order, late) => {
          // Prepare: each version's copies in a random order (at least one subset, always every page),
          // then repeats of earlier versions' copies dropped in anywhere after their own turn.
          const blocks = versions.map((v, i) =>
            copiesOf(v, i)
              .map((copy, k) => ({ copy, rank: order[(k + 7 * i) % order.length] ?? 0 }))
              .sort((a, b) => a.rank - b.rank)
              .map((x) => x.copy),
          );
          const shuffled = blocks.flat();
          const ends = blocks.map((_, i) => blocks.slice(0, i + 1).reduce((n, b) => n + b.length, 0));
          for (const [vi, ci, at] of late) {
            const i = vi % versions.length;
            const copies = blocks[i] ?? [];
            const copy = copies[ci % copies.length];
            const from = ends[i] ?? 0;
            if (copy) shuffled.splice(from + (at % (shuffled.length - from + 1)), 0, copy);
          }
          const inOrder = versions.flatMap((v, i) => pagesOf(v, i));
          // Act
          const actual = deliver(shuffled);
          const expected = deliver(inOrder);
          // Assess
          expect(actual.record).toEqual(expected.record);
          expect(actual.changes).toHaveLength(expected.changes.length);
          expect(actual.changes).toHaveLength(versions.length);
        },
      ),
    );
  });
});
