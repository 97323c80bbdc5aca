import { describe, expect, it } from 'vitest';
import { NothingToRestoreError } from '../../../lambda/domain/route53/errors.js';
import type { RecordSetKey } from '../../../lambda/domain/route53/record-set.js';
import { planRestore } from '../../../lambda/domain/route53/restore-plan.js';
import { diffSnapshots, snapshotMap } from '../../../lambda/domain/route53/snapshot-diff.js';
import { content, KEY, ZONE } from '../../support/route53-changes.js';

const member = (id: string, weight: number, values: string[]) => {
  const key: RecordSetKey = { zoneId: ZONE, name: 'api.example.com', type: 'A', setIdentifier: id };
  return content(values, { weight }, key);
};

describe('Function: diffSnapshots', () => {
  it('reports added, changed and deleted record sets', () => {
    const other = { ...KEY, name: 'other.example.com' };
    const before = snapshotMap([content(['10.0.0.1']), content(['10.1.0.1'], {}, other)]);
    const after = snapshotMap([
      content(['10.0.0.2']),
      content(['10.2.0.1'], {}, { ...KEY, name: 'new.example.com' }),
    ]);
    const diff = diffSnapshots(before, after);
    expect(diff.changes.map((c) => [c.kind, c.id])).toEqual([
      ['RECORD_CHANGED', `${ZONE}/dynamodb.us-east-1.amazonaws.com/A`],
      ['RECORD_ADDED', `${ZONE}/new.example.com/A`],
      ['RECORD_DELETED', `${ZONE}/other.example.com/A`],
    ]);
    expect(diff.emptied.map((e) => [e.targetId, e.why])).toEqual([['other.example.com/A', 'deleted']]);
  });

  it('calls a weighted group empty when every member is gone or every weight is zero', () => {
    const before = snapshotMap([member('blue', 50, ['10.0.0.1']), member('green', 50, ['10.0.0.2'])]);
    const drained = diffSnapshots(
      before,
      snapshotMap([member('blue', 0, ['10.0.0.1']), member('green', 0, ['10.0.0.2'])]),
    );
    expect(drained.emptied.map((e) => e.why)).toEqual(['all-weights-zero']);
    expect(diffSnapshots(before, new Map()).emptied.map((e) => e.why)).toEqual(['all-members-deleted']);
    // One member left with weight: not empty.
    expect(diffSnapshots(before, snapshotMap([member('green', 10, ['10.0.0.2'])])).emptied).toEqual([]);
  });

  it('only reports EMPTY for watched names and writes nothing for an identical snapshot', () => {
    const before = snapshotMap([content(['10.0.0.1'])]);
    expect(diffSnapshots(before, new Map(), () => false).emptied).toEqual([]);
    expect(diffSnapshots(before, snapshotMap([content(['10.0.0.1'])]))).toEqual({
      changes: [],
      emptied: [],
      refilled: [],
    });
  });
});

describe('Function: planRestore', () => {
  it('builds a compare-and-swap batch: DELETE exactly what was read, CREATE the good version', () => {
    const current = content(['10.0.0.9']);
    const good = content(['10.0.0.1', '10.0.0.2']);
    const plan = planRestore(current, good, 'inc-1');
    expect(plan.changes.map((c) => [c.action, c.recordSet.values])).toEqual([
      ['DELETE', ['10.0.0.9']],
      ['CREATE', ['10.0.0.1', '10.0.0.2']],
    ]);
    expect(plan.comment).toMatch(/^lookout-restore inc-1/);
    expect(planRestore(undefined, good).changes.map((c) => c.action)).toEqual(['CREATE']);
    expect(() => planRestore(good, good)).toThrow(NothingToRestoreError);
  });
});

describe('Class: HashDiff (hash-first diff for large zones)', () => {
  it('keeps only what differs, and rebuilds the touched groups from the stored members', async () => {
    const { HashDiff } = await import('../../../lambda/domain/route53/snapshot-diff.js');
    const { contentHash, recordSetId } = await import('../../../lambda/domain/route53/record-set.js');
    const stored = [
      member('blue', 50, ['10.0.0.1']),
      member('green', 50, ['10.0.0.2']),
      content(['10.9.9.9']),
    ];
    const hashes = new Map(stored.map((r) => [recordSetId(r.key), contentHash(r)]));
    // blue drained to 0 (changed), green unchanged, the simple record deleted.
    const listed = [member('blue', 0, ['10.0.0.1']), member('green', 50, ['10.0.0.2'])].map((r) => ({
      ...r,
      hash: contentHash(r),
    }));

    const diff = new HashDiff(hashes);
    for (const r of listed) diff.visit(r);
    const touched = diff.touchedTargets();
    const before = new Map(
      diff
        .storedIdsIn(touched)
        .map((id) => [id, stored.find((r) => recordSetId(r.key) === id) as (typeof stored)[0]]),
    );
    const after = diff.after(before, touched);

    expect([...touched].sort()).toEqual(['api.example.com/A', 'dynamodb.us-east-1.amazonaws.com/A']);
    expect(diff.changed.size).toBe(1);
    expect(diff.count).toBe(2);
    // The unchanged green member comes back from the stored side, so the group is complete.
    expect(after.map((r) => `${r.key.setIdentifier}:${r.weight}`).sort()).toEqual(['blue:0', 'green:50']);
    const full = diffSnapshots(snapshotMap([...before.values()]), snapshotMap(after));
    expect(full.emptied.map((e) => [e.targetId, e.why])).toEqual([
      ['dynamodb.us-east-1.amazonaws.com/A', 'deleted'],
    ]);
    expect(full.changes.map((c) => c.kind).sort()).toEqual(['RECORD_CHANGED', 'RECORD_DELETED']);
  });
});
