/** One AWS Health event as Lookout knows it, from EventBridge or the Health API: times ISO-8601 UTC. */
export interface HealthEvent {
  /** eventArn: the event's identity (with `account` in the organization view). */
  arn: string;
  /** affectedAccount, when the event says (organization view, EventBridge `account`). */
  account?: string;
  /** e.g. 'DYNAMODB', 'EC2' — carried as given, unknown services kept as text. */
  service: string;
  /** eventTypeCode, e.g. 'AWS_DYNAMODB_OPERATIONAL_ISSUE'. */
  typeCode: string;
  /** 'issue' | 'accountNotification' | 'scheduledChange' | 'investigation' — or any other text AWS sends. */
  category: string;
  /** 'PUBLIC' | 'ACCOUNT_SPECIFIC' | 'NONE' or other text; absent when not given. */
  scope?: string;
  /** A region code, or 'global'. */
  region: string;
  /** 'open' | 'closed' | 'upcoming' or other text. */
  status: string;
  startTime?: string;
  endTime?: string;
  /** When AWS last changed the event: the version of what it says. */
  lastUpdatedTime?: string;
  /** A time AWS wrote in a form Lookout cannot read, as AWS wrote it (cut to 60 characters): the time is then absent. */
  unreadTimes?: UnreadTimes;
  /** The latest description AWS posted (en_US when several languages are given), '' when none. */
  description: string;
  /** Affected entities (resources) named by this delivery. */
  entities: HealthEntity[];
  communicationId?: string;
  /** Free-form metadata AWS attaches, as strings. */
  metadata?: Record<string, string>;
  /** Where this copy came from. */
  via: 'eventbridge' | 'api';
  /** The copy AWS sends to the backup region (EventBridge `detail.backupEvent`). */
  backup?: boolean;
  /** This delivery's page of a multi-page event (EventBridge `detail.page`/`totalPages`, strings in AWS's JSON). */
  page?: { page: number; totalPages: number };
  /** `detail-type` was 'AWS Health Abuse Event': security-relevant. */
  abuse?: boolean;
  /** The EventBridge envelope id, for logs and the dead-letter message. */
  deliveryId?: string;
}

export interface HealthEntity {
  value: string;
  status?: string;
  lastUpdatedTime?: string;
}

export type UnreadTimes = Partial<Record<'startTime' | 'endTime' | 'lastUpdatedTime', string>>;
