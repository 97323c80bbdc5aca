import type { InvalidItem } from '../sources/health/health-api-answers.js';

export interface HealthPollFailure {
  arn: string;
  /** Absent when the event itself failed: the accounts it affects could not be listed. */
  account?: string;
  error: string;
}

export interface HealthPollSummary {
  /** Not asked at all: the support plan is still missing as far as Lookout knows. */
  skipped?: 'subscription-required';
  subscriptionRequired?: boolean;
  region?: string;
  failover?: { from: string; to: string; reason: string };
  /** Events the listings named. */
  listed: number;
  /** Stories whose new version was fetched (details and entities). */
  fetched: number;
  /** Timeline entries the ingest wrote: 0 when everything was already told. */
  entries: number;
  /** One event of one account that could not be fetched or ingested; tried again next poll. */
  failures: HealthPollFailure[];
  /** Answer items that failed their schema, left out. */
  invalid: InvalidItem[];
  /** Cut short by the deadline: the next poll goes on with what is left. */
  incomplete?: boolean;
  /** What stopped the poll (endpoint down after the failover, throttled after the SDK's retries). */
  error?: Error;
}
