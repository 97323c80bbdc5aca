import { PagingPastDeadlineError } from '../sources/health/errors.js';
import type { HealthApiReader } from '../sources/health/health-api.js';
import { errorText, stopsThePoll } from '../sources/health/health-api-errors.js';
import { apiTime, healthEventFromApi } from '../sources/health/health-api-mapping.js';
import type { ApiEvent } from '../sources/health/health-api-schema.js';
import { BATCH_SIZE, type EventUnit, unitKey } from '../sources/health/health-api-units.js';
import type { HealthPollState } from '../store/health-poll-repo.js';
import { type HealthPollDeps, pastDeadline } from './health-poll-deps.js';
import { noteAccounts, noteEvents } from './health-poll-failures.js';
import type { HealthPollFailure, HealthPollSummary } from './health-poll-summary.js';

/**
 * Fetches details and entities of the listed events whose version the poller has not fetched yet and
 * feeds each story to the ingest; marks in `next.described` what it finished.
 */
export async function fetchAndIngest(
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

/** The stories of one event: one per affected account in the organization view, else the poller's own. */
async function unitsOf(deps: HealthPollDeps, reader: HealthApiReader, event: ApiEvent): Promise<EventUnit[]> {
  if (!deps.organization || event.eventScopeCode === 'PUBLIC') return [{ arn: event.arn }];
  const accounts = await reader.affectedAccounts(event.arn);
  return accounts.map((account) => ({ arn: event.arn, account }));
}
