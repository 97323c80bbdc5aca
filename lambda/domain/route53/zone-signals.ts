import type { Signal } from '../signals.js';
import { dnsTargetIdOf, type RecordSetContent } from './record-set.js';
import type { RecordSetDiff, SnapshotDiff } from './snapshot-diff.js';

/**
 * Signals from a diff of what Route 53 holds: a timeline entry per changed record set, EMPTY for a
 * watched name/type whose answer is gone from the zone itself, RECOVERED when such a group answers again.
 * `snapshotId` makes every signal's identity deterministic, so a resumed or repeated diff is idempotent.
 */
export function zoneSignals(diff: SnapshotDiff, at: string, snapshotId: string): Signal[] {
  const signals: Signal[] = [];
  const base = (kind: Signal['kind'], targetId: string, summary: string, facts: Signal['facts']): Signal => {
    const [name = '', type = ''] = splitTarget(targetId);
    return {
      kind,
      targetId,
      at,
      observationId: `${snapshotId}:${kind}:${targetId}:${String(facts.setIdentifier ?? '')}`,
      summary,
      evidence: [],
      source: 'route53-snapshot',
      facts: { name, type, ...facts },
    };
  };
  for (const change of diff.changes) signals.push(changeSignal(change, base));
  for (const group of diff.emptied) {
    const why =
      group.why === 'all-weights-zero'
        ? `every weighted member has weight 0 (${group.after.map((r) => r.key.setIdentifier).join(', ')})`
        : group.why === 'all-members-deleted'
          ? `all ${group.before.length} members were deleted`
          : 'the record set was deleted';
    signals.push(
      base(
        'EMPTY',
        group.targetId,
        `Route 53 holds no answer for ${group.targetId.replace('/', ' ')}: ${why}`,
        {
          zoneId: group.before[0]?.key.zoneId ?? '',
          why: group.why,
          before: group.before.map(shown).join(' | '),
        },
      ),
    );
  }
  for (const group of diff.refilled) {
    signals.push(
      base(
        'RECOVERED',
        group.targetId,
        `Route 53 answers for ${group.targetId.replace('/', ' ')} again: ${group.after.map(shown).join(' | ')}`,
        {
          after: group.after.map(shown).join(' | '),
        },
      ),
    );
  }
  return signals;
}

function changeSignal(
  change: RecordSetDiff,
  base: (kind: Signal['kind'], targetId: string, summary: string, facts: Signal['facts']) => Signal,
): Signal {
  const record = 'after' in change ? change.after : change.before;
  const targetId = dnsTargetIdOf(record.key);
  const label = `${record.key.name} ${record.key.type}${record.key.setIdentifier ? ` [${record.key.setIdentifier}]` : ''}`;
  const facts: Signal['facts'] = record.key.setIdentifier ? { setIdentifier: record.key.setIdentifier } : {};
  switch (change.kind) {
    case 'RECORD_ADDED':
      return base(change.kind, targetId, `snapshot: ${label} added → ${shown(change.after)}`, facts);
    case 'RECORD_CHANGED':
      return base(
        change.kind,
        targetId,
        `snapshot: ${label} changed ${shown(change.before)} → ${shown(change.after)}`,
        facts,
      );
    case 'RECORD_DELETED':
      return base(change.kind, targetId, `snapshot: ${label} deleted (was ${shown(change.before)})`, facts);
  }
}

export function shown(r: RecordSetContent): string {
  const values = r.alias ? `alias ${r.alias.dnsName}` : r.values.join(', ') || '(no values)';
  return `${values}${r.weight !== undefined ? ` weight ${r.weight}` : ''}${r.ttl !== undefined ? ` TTL ${r.ttl}` : ''}`;
}

function splitTarget(targetId: string): [string, string] {
  const i = targetId.lastIndexOf('/');
  return [targetId.slice(0, i), targetId.slice(i + 1)];
}
