import type { HealthIngest } from '../engine/health-ingest.js';
import type { IncidentWriter } from '../engine/incident-writer.js';
import type { ServiceDeps } from '../ports/service-deps.js';
import { PagingPastDeadlineError } from '../sources/health/errors.js';
import {
  BATCH_SIZE,
  type EventUnit,
  HealthApiReader,
  type InvalidItem,
  unitKey,
} from '../sources/health/health-api.js';
import { errorText, isSubscriptionRequired, stopsThePoll } from '../sources/health/health-api-errors.js';
import { apiTime, healthEventFromApi } from '../sources/health/health-api-mapping.js';
import type { ApiEvent } from '../sources/health/health-api-schema.js';
import type { HealthEndpoint } from '../sources/health/health-endpoint.js';
import { ConcurrentUpdateError } from '../store/errors.js';
import type { HealthPollState, HealthPollView } from '../store/health-poll-repo.js';
import type { Store } from '../store/store.js';
import {
  healthPollerSubject,
  subscriptionRequiredSignal,
  subscriptionRestoredSignal,
} from './health-poll-signals.js';

/**
 * While the account has no support plan, the API is asked again once an hour, not every poll: a plan
 * bought later is noticed within the hour, and a refused account costs AWS 24 requests a day.
 */
export const SUBSCRIPTION_RECHECK_MS = 60 * 60_000;
/** Events updated since the last poll are listed from its start minus this: clock skew, late posts. */
export const CURSOR_OVERLAP_MS = 10 * 60_000;
/** Time left after the poll for the Slack delivery of what it found. */
const DELIVERY_RESERVE_MS = 10_000;
/** Listed by status on every poll: what is still going on or announced. */
const LIVE_STATUSES = ['open', 'upcoming'];

export interface HealthPollDeps extends ServiceDeps {
  store: Store;
  ingest: Pick<HealthIngest, 'ingest'>;
  writer: Pick<IncidentWriter, 'apply'>;
  /** This poll's endpoint (active region through DNS, one failover). */
  endpoint: HealthEndpoint;
  organization: boolean;
  /** The poller's own account: the account EventBridge names, so both paths tell one story per event. */
  account: string;
  channel?: string;
  /** When the Lambda must be done (epoch ms); the poll stops fetching before it. */
  deadline?: () => number;
}

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

async function fetchAndIngest(
  deps: HealthPollDeps,
  reader: HealthApiReader,
  listed: readonly ApiEvent[],
  state: HealthPollState,
  next: HealthPollState,
  summary: HealthPollSummary,
): Promise<void> {
  const versionOf = (event: ApiEvent) => apiTime(event.lastUpdatedTime) ?? '';
  const events = new Map<string, ApiEvent>();
  const failed = new Map<string, HealthPollFailure[]>();
  const fail = (unit: EventUnit, error: string) => {
    const account = unit.account ?? deps.account;
    const failure = { arn: unit.arn, account, error };
    failed.set(account, [...(failed.get(account) ?? []), failure]);
    summary.failures.push(failure);
  };
  // Events whose affected accounts could not be listed: the event's failure, no account's.
  const eventsFailed = new Map<string, string>();
  const eventsListed = new Set<string>();
  const units: EventUnit[] = [];
  for (const event of listed) {
    if (state.described[event.arn] === versionOf(event)) {
      next.described[event.arn] = versionOf(event);
      continue;
    }
    if (pastDeadline(deps)) {
      summary.incomplete = true;
      break;
    }
    events.set(event.arn, event);
    try {
      units.push(...(await unitsOf(deps, reader, event)));
      if (deps.organization) eventsListed.add(event.arn);
    } catch (error) {
      if (stopsThePoll(error) || error instanceof PagingPastDeadlineError) throw error;
      eventsFailed.set(event.arn, errorText(error));
      summary.failures.push({ arn: event.arn, error: errorText(error) });
    }
  }
  noteEvents(deps, eventsFailed, eventsListed, next);
  const done = new Set<string>();
  // An event is fetched once every story of it is, without a failure; marked as it happens, so what a
  // stopped or cut-short poll finished is not asked for again.
  const markFetched = () => {
    const failedArns = new Set(summary.failures.map((f) => f.arn));
    for (const event of events.values()) {
      const mine = units.filter((unit) => unit.arn === event.arn);
      if (!failedArns.has(event.arn) && mine.every((unit) => done.has(unitKey(unit)))) {
        next.described[event.arn] = versionOf(event);
      }
    }
  };
  try {
    // A chunk at a time (one details call, its entities, its ingests), so a poll cut short by the
    // Lambda's deadline keeps what it finished and the next poll goes on from there.
    for (let i = 0; i < units.length; i += BATCH_SIZE) {
      if (pastDeadline(deps)) {
        summary.incomplete = true;
        break;
      }
      const chunk = units.slice(i, i + BATCH_SIZE);
      summary.fetched += chunk.length;
      await fetchChunk(deps, reader, chunk, events, fail, summary);
      for (const unit of chunk) done.add(unitKey(unit));
      markFetched();
    }
    markFetched();
  } finally {
    noteAccounts(
      deps,
      units.filter((unit) => done.has(unitKey(unit))),
      failed,
      next,
    );
  }
}

async function fetchChunk(
  deps: HealthPollDeps,
  reader: HealthApiReader,
  chunk: readonly EventUnit[],
  events: ReadonlyMap<string, ApiEvent>,
  fail: (unit: EventUnit, error: string) => void,
  summary: HealthPollSummary,
): Promise<void> {
  const details = await reader.details(chunk);
  for (const failure of details.failed) fail(failure.unit, failure.error);
  const described = chunk.filter((unit) => details.found.has(unitKey(unit)));
  const entities = await reader.entities(described);
  for (const failure of entities.failed) fail(failure.unit, failure.error);
  for (const unit of described) {
    const list = entities.found.get(unitKey(unit));
    const event = events.get(unit.arn);
    if (!list || !event) continue;
    try {
      const result = await deps.ingest.ingest(
        healthEventFromApi({
          event,
          details: details.found.get(unitKey(unit)),
          entities: list,
          account: unit.account ?? deps.account,
        }),
      );
      summary.entries += result.entries.length;
    } catch (error) {
      deps.log.error('AWS Health event from the API could not be ingested', error, { eventArn: unit.arn });
      fail(unit, errorText(error));
    }
  }
}

/** Stops early enough for the Slack delivery after the poll (the Lambda's deadline, if any). */
function pastDeadline(deps: HealthPollDeps): boolean {
  return deps.deadline !== undefined && Date.now() >= deps.deadline() - DELIVERY_RESERVE_MS;
}

/** The stories of one event: one per affected account in the organization view, else the poller's own. */
async function unitsOf(deps: HealthPollDeps, reader: HealthApiReader, event: ApiEvent): Promise<EventUnit[]> {
  if (!deps.organization || event.eventScopeCode === 'PUBLIC') return [{ arn: event.arn }];
  const accounts = await reader.affectedAccounts(event.arn);
  return accounts.map((account) => ({ arn: event.arn, account }));
}

/**
 * An organization event whose affected accounts cannot be listed: logged when it starts and when it
 * ends, like an account's failures. Kept in `failingAccounts` under the event's ARN (never an account
 * id), so the poll state needs no second map.
 */
function noteEvents(
  deps: HealthPollDeps,
  failed: ReadonlyMap<string, string>,
  listed: ReadonlySet<string>,
  next: HealthPollState,
): void {
  const at = deps.now().toISOString();
  for (const [arn, error] of failed) {
    if (next.failingAccounts[arn]) continue;
    next.failingAccounts[arn] = at;
    deps.log.error(
      `AWS Health API: the accounts affected by event ${arn} could not be listed; the other events go on, and this one is tried again every poll`,
      undefined,
      { eventArn: arn, error },
    );
  }
  for (const arn of listed) {
    if (!next.failingAccounts[arn]) continue;
    deps.log.info(`AWS Health API: the accounts affected by event ${arn} can be listed again`, {
      eventArn: arn,
      since: next.failingAccounts[arn],
    });
    delete next.failingAccounts[arn];
  }
}

/** An account's failures are logged when they start and when they end, not on every poll. */
function noteAccounts(
  deps: HealthPollDeps,
  units: readonly EventUnit[],
  failed: ReadonlyMap<string, HealthPollFailure[]>,
  next: HealthPollState,
): void {
  const at = deps.now().toISOString();
  for (const [account, failures] of failed) {
    if (next.failingAccounts[account]) continue;
    next.failingAccounts[account] = at;
    deps.log.error(
      `AWS Health API: ${failures.length} event(s) of account ${account} could not be fetched; the other accounts go on, and these are tried again every poll`,
      undefined,
      { account, failures },
    );
  }
  const tried = new Set(units.map((unit) => unit.account ?? deps.account));
  for (const account of Object.keys(next.failingAccounts)) {
    if (account.startsWith('arn:') || failed.has(account) || !tried.has(account)) continue;
    deps.log.info(`AWS Health API: the events of account ${account} can be fetched again`, {
      account,
      since: next.failingAccounts[account],
    });
    delete next.failingAccounts[account];
  }
}

async function subscriptionRequired(
  deps: HealthPollDeps,
  next: HealthPollState,
  at: Date,
  error: Error,
): Promise<void> {
  const first = !next.subscriptionRequired;
  next.subscriptionRequired = {
    since: next.subscriptionRequired?.since ?? at.toISOString(),
    checkedAt: at.toISOString(),
    message: error.message,
  };
  if (!first) return;
  deps.log.error(
    'AWS Health API: no support plan for it (SubscriptionRequiredException); polling pauses, EventBridge delivery goes on',
    error,
  );
  await deps.writer.apply(subscriptionRequiredSignal(at, error), healthPollerSubject(deps.channel));
}

async function subscriptionRestored(deps: HealthPollDeps, next: HealthPollState, at: Date): Promise<void> {
  delete next.subscriptionRequired;
  deps.log.info('AWS Health API answers again: polling resumes');
  const subject = healthPollerSubject(deps.channel);
  if (await deps.store.incidents.openClaim(subject.id)) {
    await deps.writer.apply(subscriptionRestoredSignal(at), subject);
  }
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
