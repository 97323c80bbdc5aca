import type { ChangeAction } from '../domain/route53/control-plane-change.js';
import type { RecordSetContent } from '../domain/route53/record-set.js';

/** One change batch as ListHostedZoneChangeBatches summarises it. */
export interface ChangeBatchSummary {
  /** Bare change id (`C0123…`), the id ChangeResourceRecordSets returned. */
  changeId: string;
  /** `ChangeResourceRecordSets`, `CreateHostedZone`, … (Route 53 may add values). */
  operation: string;
  /** ISO 8601, UTC. */
  submittedAt: string;
  /** Principal ARN; for an assumed role the session ARN (`…:assumed-role/dns-enactor/enactor-2`). */
  submittedBy: string;
  /** = CloudTrail `requestID`; absent when there was no request. */
  requestId?: string;
  comment?: string;
  /** 0 for CreateHostedZone. */
  changeCount?: number;
}

/**
 * One change of a batch: the record set as the change wrote it (CREATE, UPSERT) or deleted it
 * (DELETE). Route 53 does not return the content an UPSERT or DELETE replaced ("no before-values"):
 * take it from the previous change to the same record set, or from a snapshot.
 */
export interface RecordSetChangeEntry {
  action: ChangeAction;
  recordSet: RecordSetContent;
}

/** GetHostedZoneChangeBatch: the summary and every change, in batch order. */
export interface ChangeBatchDetail extends ChangeBatchSummary {
  changes: RecordSetChangeEntry[];
}

/** One entry of ListResourceRecordSetChanges. */
export interface RecordSetChange extends Omit<ChangeBatchSummary, 'comment' | 'changeCount'> {
  action: ChangeAction;
  recordSet: RecordSetContent;
}

/** `FeatureNotEnabled`: the zone keeps no Change History (STANDARD tier, or not turned on). */
export interface ChangeHistoryUnavailable {
  available: false;
  zoneId: string;
  reason: 'FeatureNotEnabled';
  message: string;
}

export type ChangeHistoryResult<T> = ({ available: true } & T) | ChangeHistoryUnavailable;

/** Route 53 Change History (ADVANCED zones): who changed what, read page by page. */
export interface ChangeHistoryReader {
  listChangeBatches(
    zoneId: string,
    options?: { startAfterChangeId?: string; maxItems?: number },
  ): Promise<ChangeHistoryResult<{ batches: ChangeBatchSummary[]; nextCursor?: string }>>;
  getChangeBatch(
    zoneId: string,
    changeId: string,
  ): Promise<ChangeHistoryResult<{ batch: ChangeBatchDetail }>>;
  listRecordSetChanges(
    zoneId: string,
    name: string,
    type: string,
    options?: { maxItems?: number },
  ): Promise<ChangeHistoryResult<{ changes: RecordSetChange[]; truncated: boolean }>>;
}
