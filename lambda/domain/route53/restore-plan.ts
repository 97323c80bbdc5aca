import { NothingToRestoreError } from './errors.js';
import { contentHash, type RecordSetContent } from './record-set.js';

export interface RestoreChange {
  action: 'CREATE' | 'DELETE';
  recordSet: RecordSetContent;
}

export interface RestorePlan {
  /** One atomic batch: DELETE(current exactly as read) + CREATE(good), or CREATE alone when gone. */
  changes: RestoreChange[];
  comment: string;
  summary: string;
}

/**
 * A compare-and-swap restore. Route 53 rejects a DELETE that does not match the current record set
 * exactly, so if anyone changed the record since it was read the whole batch fails instead of
 * silently overwriting that writer. Never UPSERT: an UPSERT would win every race it is in.
 */
export function planRestore(
  current: RecordSetContent | undefined,
  good: RecordSetContent,
  incidentId?: string,
): RestorePlan {
  if (current && sameContent(current, good)) {
    throw new NothingToRestoreError(
      `${good.key.name} ${good.key.type} already holds the last-known-good values`,
    );
  }
  const comment =
    `lookout-restore${incidentId ? ` ${incidentId}` : ''}: last-known-good ${good.values.join(',') || good.alias?.dnsName || ''}`.slice(
      0,
      256,
    );
  const changes: RestoreChange[] = current
    ? [
        { action: 'DELETE', recordSet: current },
        { action: 'CREATE', recordSet: good },
      ]
    : [{ action: 'CREATE', recordSet: good }];
  const summary = current
    ? `replace ${current.values.join(', ') || '(alias)'} with ${good.values.join(', ') || '(alias)'} (DELETE+CREATE, fails if the record changed meanwhile)`
    : `re-create ${good.key.name} ${good.key.type} with ${good.values.join(', ') || '(alias)'} (CREATE, fails if someone re-created it meanwhile)`;
  return { changes, comment, summary };
}

function sameContent(a: RecordSetContent, b: RecordSetContent): boolean {
  return contentHash(a) === contentHash(b);
}
