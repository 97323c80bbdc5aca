import type { RecordSetContent } from './record-set.js';

/** Who made a Route 53 change, as CloudTrail (or Change History) records it. */
export interface Writer {
  /**
   * The principal: for an assumed role, the session ARN
   * (`arn:aws:sts::123456789012:assumed-role/dns-enactor/enactor-2`), so two workers sharing one role
   * are still two writers.
   */
  principalArn: string;
  /** `dns-enactor` for `assumed-role/dns-enactor/enactor-2`; the user name for IAM users. */
  roleName?: string;
  sessionName?: string;
  sourceIp?: string;
  userAgent?: string;
}

export type ChangeAction = 'CREATE' | 'DELETE' | 'UPSERT';

/**
 * One record-set change from the control plane: one entry of a ChangeResourceRecordSets batch,
 * attributed to its writer. A batch of N changes yields N of these sharing `requestId`.
 */
export interface ControlPlaneChange {
  /** Deterministic: `<source event id>#<index in batch>`, so replays are idempotent. */
  id: string;
  source: 'cloudtrail' | 'change-history';
  /** When Route 53 accepted the change (ISO). */
  at: string;
  action: ChangeAction;
  recordSet: RecordSetContent;
  writer: Writer;
  /** CloudTrail `requestID` (= Change History `RequestId`). */
  requestId: string;
  /** Route 53 change id (`C0123...`) when the response carried it. */
  changeId?: string;
  comment?: string;
  /** The call failed (e.g. InvalidChangeBatch): evidence, but nothing changed. */
  errorCode?: string;
}
