import { describe, expect, it } from 'vitest';
import type { RecordSetKey } from '../../../lambda/domain/route53/record-set.js';
import { NothingToRestoreError, planRestore } from '../../../lambda/domain/route53/restore-plan.js';
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
