import { describe, expect, it } from 'vitest';
import {
  type DigestLine,
  digestDefaults,
  digestLineOf,
  firstSentence,
  type HealthDigest,
  orderLines,
  withDigestLine,
} from '../../../lambda/domain/health/health-digest.js';
import type { HealthRecord } from '../../../lambda/domain/health/health-record.js';

const NOW = '2023-03-10T12:00:00.000Z';
const DAY = 24 * 3600_000;

function line(id: string, over: Partial<DigestLine> = {}): DigestLine {
  return {
    key: `arn:aws:health:us-east-1::event/EC2/AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED/${id}`,
    arn: `arn:aws:health:us-east-1::event/EC2/AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED/${id}`,
    service: 'EC2',
    region: 'us-east-1',
    category: 'scheduledChange',
    typeCode: 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED',
    status: 'upcoming',
    startTime: '2023-03-15T09:00:00.000Z',
    endTime: '2023-03-15T11:00:00.000Z',
    lastUpdatedTime: '2023-03-01T09:00:00.000Z',
    summary: 'One or more of your Amazon EC2 instances is scheduled for a reboot.',
    ...over,
  };
}

/** Folds lines in one after another (each at `at`), as ingest does; undefined results change nothing. */
function fold(lines: DigestLine[], at = NOW, settings = digestDefaults): HealthDigest | undefined {
  let digest: HealthDigest | undefined;
  for (const l of lines) digest = withDigestLine(digest, l, at, settings) ?? digest;
  return digest;
}

describe('Function: digestLineOf', () => {
  it("keeps the event's facts and the first sentence of AWS's latest description", () => {
    // Prepare
    const record: HealthRecord = {
      key: 'arn:x#123456789012',
      arn: 'arn:x',
      account: '123456789012',
      service: 'EC2',
      typeCode: 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED',
      category: 'scheduledChange',
      region: 'us-east-1',
      status: 'upcoming',
      startTime: '2023-03-15T09:00:00.000Z',
      lastUpdatedTime: '2023-03-01T09:00:00.000Z',
      description: 'Your instance will reboot. Plan for it.\nMore detail follows.',
      entities: [{ value: 'i-1' }],
      pages: [1],
    };

    // Act
    const l = digestLineOf(record);

    // Assess: no entities (other pages must not change the line), no end time AWS did not give.
    expect(l).toEqual({
      key: 'arn:x#123456789012',
      arn: 'arn:x',
      account: '123456789012',
      service: 'EC2',
      region: 'us-east-1',
      category: 'scheduledChange',
      typeCode: 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED',
      status: 'upcoming',
      startTime: '2023-03-15T09:00:00.000Z',
      lastUpdatedTime: '2023-03-01T09:00:00.000Z',
      summary: 'Your instance will reboot.',
    });
  });
});

describe('Function: firstSentence', () => {
  it('takes the first line up to its first full stop, and nothing when AWS posted nothing', () => {
    expect(firstSentence('  We are  investigating. More later.')).toBe('We are investigating.');
    expect(firstSentence('\n\nNo full stop here\nsecond line')).toBe('No full stop here');
    expect(firstSentence('Version 1.2 of the agent is retired. Upgrade.')).toBe(
      'Version 1.2 of the agent is retired.',
    );
    expect(firstSentence('')).toBe('');
  });

  it('cuts a long sentence at a word, marked, within the bound', () => {
    const long = `${'word '.repeat(80)}end.`;
    const cut = firstSentence(long);
    expect(cut.length).toBeLessThanOrEqual(200);
    expect(cut.endsWith('word…')).toBe(true);
  });
});

describe('Function: withDigestLine', () => {
  it('adds one line per event and replaces it with a newer version', () => {
    // Act
    const digest = fold([
      line('A'),
      line('B', { startTime: '2023-03-12T09:00:00.000Z' }),
      line('A', { lastUpdatedTime: '2023-03-02T09:00:00.000Z', status: 'open' }),
    ]);

    // Assess
    expect(digest?.lines.map((l) => [l.key.slice(-1), l.status])).toEqual([
      ['B', 'upcoming'],
      ['A', 'open'],
    ]);
    expect(digest?.updatedAt).toBe(NOW);
  });

  it('changes nothing for the same line again, or an older version of it', () => {
    // Prepare
    const digest = fold([line('A', { lastUpdatedTime: '2023-03-05T09:00:00.000Z', status: 'open' })]);

    // Act & Assess
    expect(
      withDigestLine(digest, line('A', { lastUpdatedTime: '2023-03-05T09:00:00.000Z', status: 'open' }), NOW),
    ).toBeUndefined();
    expect(withDigestLine(digest, line('A'), NOW)).toBeUndefined();
  });

  it('orders upcoming (soonest first), then open, then closed (latest ended first)', () => {
    // Act
    const ordered = orderLines([
      line('closed-old', { status: 'closed', endTime: '2023-03-08T00:00:00.000Z' }),
      line('open', { status: 'open', startTime: '2023-03-01T00:00:00.000Z' }),
      line('later', { startTime: '2023-03-20T00:00:00.000Z' }),
      line('closed-new', { status: 'closed', endTime: '2023-03-09T00:00:00.000Z' }),
      line('sooner', { startTime: '2023-03-11T00:00:00.000Z' }),
    ]);

    // Assess
    expect(ordered.map((l) => l.key.split('/').at(-1))).toEqual([
      'sooner',
      'later',
      'open',
      'closed-new',
      'closed-old',
    ]);
  });

  it('keeps closed events a while, then drops them with the next change, never on a redelivery', () => {
    // Prepare: A closed two days ago, within the week closed events are kept.
    const closedA = line('A', { status: 'closed', endTime: '2023-03-08T12:00:00.000Z' });
    const digest = fold([closedA, line('B')]);
    expect(digest?.lines.map((l) => l.key.slice(-1))).toEqual(['B', 'A']);

    // Act: eight days on, the same B again changes nothing; a change to B drops A.
    const later = new Date(Date.parse(NOW) + 6 * DAY).toISOString();
    const again = withDigestLine(digest, line('B'), later);
    const changed = withDigestLine(digest, line('B', { lastUpdatedTime: '2023-03-16T09:00:00.000Z' }), later);

    // Assess
    expect(again).toBeUndefined();
    expect(changed?.lines.map((l) => l.key.slice(-1))).toEqual(['B']);
  });

  it('does not list a closed event that ended before the kept period (a late copy of an old event)', () => {
    const old = line('A', { status: 'closed', endTime: '2023-02-01T00:00:00.000Z' });
    expect(withDigestLine(undefined, old, NOW)).toBeUndefined();
  });

  it('stays within its size: closed lines go first, then the open ones updated longest ago, counted', () => {
    // Prepare: room for three.
    const settings = { ...digestDefaults, maxLines: 3 };
    const lines = [
      line('closed', { status: 'closed', endTime: '2023-03-09T00:00:00.000Z' }),
      line('old', { lastUpdatedTime: '2023-01-01T00:00:00.000Z' }),
      line('mid', { lastUpdatedTime: '2023-02-01T00:00:00.000Z' }),
      line('new', { lastUpdatedTime: '2023-03-01T00:00:00.000Z' }),
      line('newest', { lastUpdatedTime: '2023-03-02T00:00:00.000Z' }),
    ];

    // Act
    const digest = fold(lines, NOW, settings);

    // Assess
    expect(digest?.lines.map((l) => l.key.split('/').at(-1)).sort()).toEqual(['mid', 'new', 'newest']);
    expect(digest?.omitted).toBe(1);
  });
});
