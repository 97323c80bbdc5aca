import type { RecordSetContent } from '../domain/route53/record-set.js';
import type { RestoreChange } from '../domain/route53/restore-plan.js';

/** Where the next ListResourceRecordSets page starts (Route 53's own pagination triple). */
export interface PageCursor {
  name: string;
  type: string;
  identifier?: string;
}

export interface HostedZoneInfo {
  id: string;
  name: string;
  privateZone: boolean;
  recordCount?: number;
  acceleratedRecoveryStatus?: string;
}

/** What watching Route 53 reads: zones, record sets page by page, and Route 53's own answer for a name. */
export interface Route53Reader {
  listHostedZones(): Promise<HostedZoneInfo[]>;
  getHostedZone(zoneId: string): Promise<HostedZoneInfo>;
  listRecordSetsPage(
    zoneId: string,
    start?: PageCursor,
    maxItems?: number,
  ): Promise<{ recordSets: RecordSetContent[]; next?: PageCursor }>;
  testDnsAnswer(
    zoneId: string,
    name: string,
    type: string,
  ): Promise<{ responseCode: string; values: string[] }>;
}

/** What a restore needs on top of reading: submit a change batch, then follow it to INSYNC. */
export interface Route53Writer extends Route53Reader {
  changeRecordSets(
    zoneId: string,
    changes: RestoreChange[],
    comment: string,
  ): Promise<{ changeId: string; status: string }>;
  getChangeStatus(changeId: string): Promise<string>;
}
