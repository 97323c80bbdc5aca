import { PagingPastDeadlineError } from '../sources/health/errors.js';
import { HealthApiReader } from '../sources/health/health-api.js';
import { isSubscriptionRequired } from '../sources/health/health-api-errors.js';
import type { ApiEvent } from '../sources/health/health-api-schema.js';
import { ConcurrentUpdateError } from '../store/errors.js';
import type { HealthPollState, HealthPollView } from '../store/health-poll-repo.js';
import { type HealthPollDeps, pastDeadline } from './health-poll-deps.js';
import { fetchAndIngest } from './health-poll-fetch.js';
import { subscriptionRequired, subscriptionRestored } from './health-poll-subscription.js';
import type { HealthPollSummary } from './health-poll-summary.js';

/**
 * While the account has no support plan, the API is asked again once an hour, not every poll: a plan
 * bought later is noticed within the hour, and a refused account costs AWS 24 requests a day.
 */
export const SUBSCRIPTION_RECHECK_MS = 60 * 60_000;
/** Events updated since the last poll are listed from its start minus this: clock skew, late posts. */
export const CURSOR_OVERLAP_MS = 10 * 60_000;
/** Listed by status on every poll: what is still going on or announced. */
const LIVE_STATUSES = ['open', 'upcoming'];

/**
 * One poll of the AWS Health API, the fallback for EventBridge deliveries that never came and the
 * organization view. Lists the events still open or upcoming and those updated since the last poll;
 * fetches details and entities only for versions the poller has not fetched yet; feeds each through
 * the one dedup path (HealthIngest), so a version EventBridge delivered adds nothing and one it missed
 * adds one entry. One account's or event's failure is logged once (when it starts) and never stops the
 * others. No support plan: one configuration incident, then one request an hour until it answers.
 */
export async function pollHealth(deps: HealthPollDeps): Promise<HealthPollSummary> {
  const view: HealthPollView = deps.organization ? 'organization' : 'account';
  const startedAt = deps.now();
  const state = await deps.store.healthPoll.get(view);
  const summary: HealthPollSummary = { listed: 0, fetched: 0, entries: 0, failures: [], invalid: [] };
  const flagged = state.subscriptionRequired;
  if (flagged && startedAt.getTime() - Date.parse(flagged.checkedAt) < SUBSCRIPTION_RECHECK_MS) {
    return { ...summary, skipped: 'subscription-required', subscriptionRequired: true };
  }
  const reader = new HealthApiReader(deps.endpoint, deps.organization, () => pastDeadline(deps));
  const next: HealthPollState = { ...state, described: {}, failingAccounts: { ...state.failingAccounts } };
  try {
    const listed = await listEvents(reader, state.cursor);
    summary.listed = listed.length;
    if (flagged) await subscriptionRestored(deps, next, startedAt);
    await fetchAndIngest(deps, reader, listed, state, next, summary);
    if (!summary.incomplete) next.cursor = startedAt.toISOString();
  } catch (error) {
    if (error instanceof PagingPastDeadlineError) {
      summary.incomplete = true;
    } else if (isSubscriptionRequired(error)) {
      await subscriptionRequired(deps, next, startedAt, error as Error);
      summary.subscriptionRequired = true;
    } else {
      summary.error = error instanceof Error ? error : new Error(String(error));
      deps.log.error('AWS Health poll stopped: the next poll tries again', error, {
        region: deps.endpoint.activeRegion,
      });
    }
    // What was fetched before the stop stays fetched; the cursor stays where it was.
    next.described = { ...state.described, ...next.described };
  }
  summary.invalid = reader.invalid;
  for (const item of reader.invalid) {
    deps.log.warn('AWS Health API answer item left out: it failed its schema', { ...item });
  }
  const region = deps.endpoint.activeRegion;
  if (region) summary.region = region;
  if (deps.endpoint.failover) summary.failover = deps.endpoint.failover;
  await save(deps, view, next);
  return summary;
}

async function listEvents(reader: HealthApiReader, cursor: string | undefined): Promise<ApiEvent[]> {
  const live = await reader.listEvents({ statuses: LIVE_STATUSES });
  // Closed since the last poll (or otherwise updated): only a poll that has a last poll asks.
  const updated = cursor
    ? await reader.listEvents({ updatedSince: new Date(Date.parse(cursor) - CURSOR_OVERLAP_MS) })
    : [];
  const byArn = new Map<string, ApiEvent>();
  for (const event of [...live, ...updated]) byArn.set(event.arn, event);
  return [...byArn.values()];
}

async function save(deps: HealthPollDeps, view: HealthPollView, next: HealthPollState): Promise<void> {
  try {
    await deps.store.healthPoll.save(view, next);
  } catch (error) {
    // Another poll of the same view saved first: it read the same API, its state is as good as ours.
    if (!(error instanceof ConcurrentUpdateError)) throw error;
    deps.log.info('AWS Health poll state saved by a concurrent poll', { view });
  }
}
