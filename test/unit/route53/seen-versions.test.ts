import { describe, expect, it } from 'vitest';
import {
  ABSENT,
  emptyHistory,
  type RecordSetHistory,
  versionOfChange,
  versionOrigin,
  withVersion,
} from '../../../lambda/domain/route53/history.js';
import { lastKnownGood } from '../../../lambda/domain/route53/last-known-good.js';
import { evaluateChange } from '../../../lambda/domain/route53/race-signature.js';
import { contentHash } from '../../../lambda/domain/route53/record-set.js';
import {
  longestSeenCurrent,
  restoreHistory,
  snapshotVersion,
  withSnapshotChange,
} from '../../../lambda/domain/route53/seen-versions.js';
import { change, content, KEY } from '../../support/route53-changes.js';

const PLAN_1 = ['10.0.0.1', '10.0.0.2'];
const PLAN_2 = ['10.0.0.3'];
/** Seconds after 06:48:00 on 2025-10-20, the clock of `change()`. */
const at = (s: number) => new Date(Date.parse('2025-10-20T06:48:00.000Z') + s * 1000).toISOString();

function seen(
  ...steps: {
    before?: string[];
    after?: string[];
    seenAt: number;
    changedAfter?: number;
    beforeSeen?: number;
  }[]
) {
  let history: RecordSetHistory = emptyHistory(KEY);
  for (const s of steps) {
    history = withSnapshotChange(history, {
      ...(s.before ? { before: content(s.before) } : {}),
      ...(s.beforeSeen !== undefined ? { beforeSeen: at(s.beforeSeen) } : {}),
      ...(s.after ? { after: content(s.after) } : {}),
      seenAt: at(s.seenAt),
      ...(s.changedAfter !== undefined ? { changedAfter: at(s.changedAfter) } : {}),
    });
  }
  return history;
}

describe('Function: withSnapshotChange', () => {
  it('records the content first seen and the change seen, with no writer, and nothing twice', () => {
    const history = seen({ before: PLAN_1, beforeSeen: 0, seenAt: 900, changedAfter: 600 });
    expect(history.versions).toEqual([
      {
        hash: contentHash(content(PLAN_1)),
        content: content(PLAN_1),
        since: at(0),
        source: 'route53-snapshot',
      },
      { hash: ABSENT, since: at(900), changedAfter: at(600), source: 'route53-snapshot' },
    ]);
    const again = withSnapshotChange(history, {
      before: content(PLAN_1),
      beforeSeen: at(0),
      seenAt: at(960),
      changedAfter: at(600),
    });
    expect(again.versions).toEqual(history.versions);
  });

  it('adds nothing when a change event already recorded the same difference (with its writer)', () => {
    let history = evaluateChange(emptyHistory(KEY), change('enactor-1', 'UPSERT', PLAN_1, 0)).history;
    history = evaluateChange(history, change('enactor-2', 'UPSERT', PLAN_2, 700)).history;
    const after = withSnapshotChange(history, {
      before: content(PLAN_1),
      beforeSeen: at(100),
      after: content(PLAN_2),
      seenAt: at(900),
      changedAfter: at(600),
    });
    expect(after.versions).toEqual(history.versions);
  });
});

describe('Function: withVersion (versions in the order they became current)', () => {
  it('gives a snapshot-seen version the writer and time of the change that made it, when that change fits', () => {
    const snapshots = seen({ before: PLAN_1, beforeSeen: 0, seenAt: 900, changedAfter: 600 });
    const deletion = versionOfChange(change('enactor-2', 'DELETE', PLAN_1, 700));
    const attributed = withVersion(snapshots, deletion);
    expect(
      attributed.versions.map((v) => [
        v.hash === ABSENT ? ABSENT : 'v1',
        v.since,
        v.writer?.sessionName,
        v.source,
      ]),
    ).toEqual([
      ['v1', at(0), undefined, 'route53-snapshot'],
      [ABSENT, at(700), 'enactor-2', 'cloudtrail'],
    ]);
    // A deletion before the snapshot that still saw the record is another deletion: never merged into this one.
    const earlier = withVersion(snapshots, versionOfChange(change('enactor-2', 'DELETE', PLAN_1, 500)));
    expect(earlier.versions.at(-1)?.source).toBe('route53-snapshot');
  });

  it('puts a change that arrives late in its place by time, not at the end', () => {
    const snapshots = seen({ before: PLAN_1, beforeSeen: 0, seenAt: 900, changedAfter: 600 });
    const late = withVersion(snapshots, versionOfChange(change('enactor-3', 'UPSERT', PLAN_2, 650)));
    expect(late.versions.map((v) => v.since)).toEqual([at(0), at(650), at(900)]);
  });
});

describe('Function: lastKnownGood with snapshot-seen versions', () => {
  it('ends a version where it was last seen, not where its successor was first seen', () => {
    const history = seen({ before: PLAN_1, beforeSeen: 0, seenAt: 900, changedAfter: 250 });
    expect(lastKnownGood(history, new Date(at(1000)), 240)?.content?.values).toEqual(PLAN_1);
    // Seen from 0 s to 250 s: 250 s of evidence, even though the deletion was only seen at 900 s.
    expect(lastKnownGood(history, new Date(at(1000)), 300)).toBeUndefined();
  });
});

describe('Function: restoreHistory', () => {
  const viewed = (values: string[], firstSeen: number) => ({
    content: content(values),
    hash: contentHash(content(values)),
    firstSeen: at(firstSeen),
  });

  it('adds what the zone view still holds, current until the last snapshot that saw it when Route 53 no longer has it', () => {
    const { history, knownUntil } = restoreHistory({
      stored: emptyHistory(KEY),
      viewed: viewed(PLAN_1, 0),
      lastSnapshotStartedAt: at(600),
      currentHash: ABSENT,
      now: new Date(at(3600)),
    });
    expect(history.versions).toEqual([snapshotVersion(content(PLAN_1), at(0))]);
    expect(knownUntil.toISOString()).toBe(at(600));
    expect(longestSeenCurrent(history, knownUntil)).toBe(600);
  });

  it('keeps the stored history alone when the view holds the same, and counts to now while Route 53 still has it', () => {
    const stored = evaluateChange(emptyHistory(KEY), change('enactor-1', 'UPSERT', PLAN_1, 0)).history;
    const { history, knownUntil } = restoreHistory({
      stored,
      viewed: viewed(PLAN_1, 60),
      lastSnapshotStartedAt: at(600),
      currentHash: contentHash(content(PLAN_1)),
      now: new Date(at(3600)),
    });
    expect(history.versions).toEqual(stored.versions);
    expect(knownUntil.toISOString()).toBe(at(3600));
  });
});

describe('Function: versionOrigin', () => {
  it('says "since … by" only for a change with its writer, and "first seen … writer unknown" for a snapshot', () => {
    expect(versionOrigin(versionOfChange(change('enactor-1', 'UPSERT', PLAN_1, 0)))).toBe(
      'since 2025-10-20 06:48:00 UTC, by enactor-1 (dns-enactor)',
    );
    expect(versionOrigin(snapshotVersion(content(PLAN_1), at(0)))).toBe(
      'first seen 2025-10-20 06:48:00 UTC by a zone snapshot, writer unknown',
    );
  });
});
