import type { ChangeAction } from './change-batch.js';
import { errors } from './errors.js';
import { rawName } from './names.js';
import { recordSetXml, type StoredRecordSet } from './record-sets.js';
import { el, renderDocument, type XmlElement } from './xml.js';

/**
 * Route 53 Change History (ADVANCED hosted zones): ListHostedZoneChangeBatches,
 * GetHostedZoneChangeBatch and ListResourceRecordSetChanges. The request paths and parameters, the
 * member names of ChangeBatchSummary (ChangeId, Operation, SubmittedAt, SubmittedBy, RequestId,
 * Comment, ChangeCount) and ResourceRecordSetChange (… Action, ResourceRecordSet) and the NextToken
 * pagination follow the API reference pages of those names. GetHostedZoneChangeBatchResponse holds
 * `ChangeBatch` and, beside it, `ChangeBatchSummary` (the SDK response types have exactly those two
 * members; the reference's response syntax opens with `ChangeBatch` directly under the root). The
 * JS SDK here has no commands for these calls, so the list wrappers
 * (`ChangeBatchSummaries`, `ResourceRecordSetChanges`, `Changes/Change`) are the closest plausible XML
 * in Route 53's style. A batch has no Status member in the documented summary.
 */
export interface HistoryBatch {
  /** `/change/C…`, the same id ChangeResourceRecordSets returns. */
  changeId: string;
  operation: 'ChangeResourceRecordSets' | 'CreateHostedZone';
  submittedAt: Date;
  submittedBy: string;
  requestId?: string;
  comment?: string;
  changes: Array<{ action: ChangeAction; set: StoredRecordSet }>;
}

export interface HistoryQuery {
  maxresults?: string | null;
  nexttoken?: string | null;
  sortorder?: string | null;
  startafterchangeid?: string | null;
  submittedafter?: string | null;
  submittedbefore?: string | null;
  recordname?: string | null;
  recordtype?: string | null;
}

export class ChangeHistory {
  private readonly batches: HistoryBatch[] = [];

  record(batch: HistoryBatch): void {
    this.batches.push(batch);
  }

  get(changeId: string): HistoryBatch | undefined {
    const id = normalizeChangeId(changeId);
    return this.batches.find((batch) => batch.changeId === id);
  }

  listBatchesXml(query: HistoryQuery): string {
    let batches = this.filtered(query);
    if (query.startafterchangeid) {
      const after = normalizeChangeId(query.startafterchangeid);
      const index = batches.findIndex((batch) => batch.changeId === after);
      if (index < 0) throw errors.noSuchChange(query.startafterchangeid);
      batches = batches.slice(index + 1);
    }
    const { page, nextToken } = paginate(batches, query);
    return renderDocument('ListHostedZoneChangeBatchesResponse', [
      el(
        'ChangeBatchSummaries',
        page.map((batch) => el('ChangeBatchSummary', summaryXml(batch))),
      ),
      el('NextToken', nextToken),
    ]);
  }

  batchXml(changeId: string): string {
    const batch = this.get(changeId);
    if (!batch) throw errors.noSuchChange(changeId);
    // ChangeBatch is the ChangeBatch type (Changes, Comment); the summary is its sibling, not inside it.
    return renderDocument('GetHostedZoneChangeBatchResponse', [
      el('ChangeBatch', [
        el(
          'Changes',
          batch.changes.map((change) =>
            el('Change', [el('Action', change.action), recordSetXml(change.set)]),
          ),
        ),
        el('Comment', batch.comment),
      ]),
      el('ChangeBatchSummary', summaryXml(batch)),
    ]);
  }

  listRecordSetChangesXml(query: HistoryQuery): string {
    if (query.recordtype && !query.recordname) throw errors.invalidInput('RecordType requires RecordName');
    const name = query.recordname ? rawName(query.recordname) : undefined;
    const entries = this.filtered(query).flatMap((batch) =>
      batch.changes
        .filter((change) => name === undefined || rawName(change.set.name) === name)
        .filter((change) => !query.recordtype || change.set.type === query.recordtype)
        .map((change) => ({ batch, change })),
    );
    const { page, nextToken } = paginate(entries, query);
    return renderDocument('ListResourceRecordSetChangesResponse', [
      el(
        'ResourceRecordSetChanges',
        page.map(({ batch, change }) =>
          el('ResourceRecordSetChange', [
            ...batchHeader(batch).filter((element) => element.name !== 'Comment'),
            el('Action', change.action),
            recordSetXml(change.set),
          ]),
        ),
      ),
      el('NextToken', nextToken),
    ]);
  }

  private filtered(query: HistoryQuery): HistoryBatch[] {
    const after = query.submittedafter ? Date.parse(query.submittedafter) : Number.NEGATIVE_INFINITY;
    const before = query.submittedbefore ? Date.parse(query.submittedbefore) : Number.POSITIVE_INFINITY;
    const batches = this.batches.filter(
      (batch) => batch.submittedAt.getTime() > after && batch.submittedAt.getTime() < before,
    );
    if (query.sortorder && !['ASCENDING', 'DESCENDING'].includes(query.sortorder)) {
      throw errors.invalidInput(`Invalid sortorder: ${query.sortorder}`);
    }
    return query.sortorder === 'DESCENDING' ? batches.reverse() : batches;
  }
}

export function normalizeChangeId(id: string): string {
  return `/change/${id.replace(/^\/change\//, '')}`;
}

function batchHeader(batch: HistoryBatch): XmlElement[] {
  return [
    el('ChangeId', batch.changeId),
    el('Operation', batch.operation),
    el('SubmittedAt', batch.submittedAt.toISOString()),
    el('SubmittedBy', batch.submittedBy),
    el('RequestId', batch.requestId),
    el('Comment', batch.comment),
  ];
}

/** The ChangeBatchSummary members, as ListHostedZoneChangeBatches and GetHostedZoneChangeBatch return them. */
function summaryXml(batch: HistoryBatch): XmlElement[] {
  return [...batchHeader(batch), el('ChangeCount', batch.changes.length)];
}

/** 1–100 per page (default 100); NextToken is an opaque offset. */
function paginate<T>(items: T[], query: HistoryQuery): { page: T[]; nextToken: string | undefined } {
  const max = query.maxresults ? Number(query.maxresults) : 100;
  if (!Number.isInteger(max) || max < 1 || max > 100) {
    throw errors.invalidInput('maxresults must be between 1 and 100');
  }
  const offset = query.nexttoken ? Number(Buffer.from(query.nexttoken, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw errors.invalidInput('Invalid nexttoken');
  const page = items.slice(offset, offset + max);
  const next =
    offset + max < items.length ? Buffer.from(String(offset + max)).toString('base64url') : undefined;
  return { page, nextToken: next };
}
