/**
 * The AWS Health posts of 2025-10-20 for the DynamoDB event in us-east-1, as EventBridge deliveries on the
 * demo's clock. Real times, all UTC, minutes after the record emptied at 06:48 (11:48 PM PDT on Oct 19,
 * the start of impact in AWS's post-event summary, https://aws.amazon.com/message/101925/), from AWS's
 * Health Dashboard history for the day as reported at the time (e.g. kuray.dev and haposoft.com quote
 * the 12:11 AM PDT first post; no captured EventBridge delivery is public):
 *   07:11 (+23)  first post: increased error rates and latencies for multiple services in US-EAST-1
 *   08:26 (+98)  significant error rates for requests to the DynamoDB endpoint
 *   09:01 (+133) potential root cause: DNS resolution of the regional DynamoDB endpoints
 *   09:27 (+159) significant signs of recovery
 * AWS closed the event later that day (the summary has its impact end at 2:20 PM PDT); the demo delivers
 * the close right after the recovery post, not to scale, so it does not wait hours of scaled time.
 * The wording below is Lookout's short paraphrase of each post, attributed, never AWS's full text.
 * AWS's event covered multiple services; the demo files it under DYNAMODB, the service whose endpoint it
 * watches, so that it correlates (test/events/health/README.md has the same reconstruction).
 */
interface Post {
  /** Minutes after the record emptied; absent for the close (not to scale). */
  minutes?: number;
  status: 'open' | 'closed';
  text: string;
}

export const OCTOBER_POSTS: readonly Post[] = [
  {
    minutes: 23,
    status: 'open',
    text: 'AWS posted (12:11 AM PDT): increased error rates and latencies for multiple services in US-EAST-1',
  },
  {
    minutes: 98,
    status: 'open',
    text: 'AWS posted (1:26 AM PDT): significant error rates for requests to the DynamoDB endpoint in US-EAST-1',
  },
  {
    minutes: 133,
    status: 'open',
    text: 'AWS posted (2:01 AM PDT): potential root cause is DNS resolution of the DynamoDB endpoint in US-EAST-1',
  },
  {
    minutes: 159,
    status: 'open',
    text: 'AWS posted (2:27 AM PDT): significant signs of recovery; most requests should now be succeeding',
  },
  {
    status: 'closed',
    text: 'AWS closed the event later that day (Lookout: replayed here without the wait)',
  },
];

/** How far after the record emptied AWS's first post came, in real minutes. */
export const FIRST_POST_MINUTES = OCTOBER_POSTS[0]?.minutes ?? 0;

export interface HealthDelivery {
  /** When to deliver it, in ms after the record emptied on the demo's clock. */
  dueMs: number;
  /** Which of AWS's versions (0-based). */
  version: number;
  /** The first delivery, its redelivery, or its copy from the backup region. */
  copy: 'first' | 'again' | 'backup';
  event: Record<string, unknown>;
}

// Made up: AWS's ARNs for public events end in an id of AWS's own that is not public for this event.
const EVENT_ARN =
  'arn:aws:health:us-east-1::event/DYNAMODB/AWS_DYNAMODB_OPERATIONAL_ISSUE/AWS_DYNAMODB_OPERATIONAL_ISSUE_DEMO_20251020';
/** AWS's example account. */
const ACCOUNT = '123456789012';

/**
 * Every delivery of AWS's posts, scaled so one real minute is `minuteMs` on the demo's clock from
 * `emptiedAt`: each version three times — delivered, delivered again (EventBridge is at least once),
 * and its public copy from the backup region us-west-2 (`detail.backupEvent`). Times are ISO-8601 with
 * milliseconds (the parser takes them beside RFC-1123), as AWS's whole seconds would blur a scaled clock.
 * @example healthDeliveries(emptied, 100)[0].dueMs // 2300: 23 minutes at 0.1 s a minute
 */
export function healthDeliveries(emptiedAt: Date, minuteMs: number): HealthDelivery[] {
  const deliveries: HealthDelivery[] = [];
  let lastMs = 0;
  for (const [version, post] of OCTOBER_POSTS.entries()) {
    const dueMs = post.minutes === undefined ? lastMs + minuteMs : post.minutes * minuteMs;
    lastMs = dueMs;
    const posted = new Date(emptiedAt.getTime() + dueMs).toISOString();
    const detail = {
      eventArn: EVENT_ARN,
      service: 'DYNAMODB',
      eventTypeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
      eventTypeCategory: 'issue',
      eventScopeCode: 'PUBLIC',
      communicationId: `demo-20251020-v${version + 1}-1`,
      startTime: emptiedAt.toISOString(),
      lastUpdatedTime: posted,
      statusCode: post.status,
      eventRegion: 'us-east-1',
      eventDescription: [{ language: 'en_US', latestDescription: post.text }],
      page: '1',
      totalPages: '1',
      affectedAccount: ACCOUNT,
    };
    const envelope = (id: string, region: string, extra: Record<string, unknown>) => ({
      version: '0',
      id,
      'detail-type': 'AWS Health Event',
      source: 'aws.health',
      account: ACCOUNT,
      time: posted,
      region,
      resources: [],
      detail: { ...detail, ...extra },
    });
    const id = `demo-20251020-v${version + 1}`;
    deliveries.push(
      { dueMs, version, copy: 'first', event: envelope(id, 'us-east-1', {}) },
      { dueMs, version, copy: 'again', event: envelope(id, 'us-east-1', {}) },
      { dueMs, version, copy: 'backup', event: envelope(`${id}-backup`, 'us-west-2', { backupEvent: true }) },
    );
  }
  return deliveries;
}

/**
 * The lead line, from the measured times: Lookout's first EMPTY and AWS's first post on the demo's clock,
 * also shown at the real pace (one real minute = `minuteMs`).
 */
export function leadLine(lookoutEmptyAt: string, awsFirstAt: string, minuteMs: number): string {
  const leadMs = Date.parse(awsFirstAt) - Date.parse(lookoutEmptyAt);
  const scaled = `${(Math.abs(leadMs) / 1000).toFixed(1)} s`;
  const real = `${Math.round(Math.abs(leadMs) / minuteMs)} min`;
  return leadMs >= 0
    ? `Lookout detected EMPTY ${real} (scaled: ${scaled}) before AWS's first Health post`
    : `AWS's first Health post came ${real} (scaled: ${scaled}) before Lookout detected EMPTY`;
}
