import type { EventUnit } from '../sources/health/health-api-units.js';
import type { HealthPollState } from '../store/health-poll-repo.js';
import type { HealthPollDeps } from './health-poll-deps.js';
import type { HealthPollFailure } from './health-poll-summary.js';

/**
 * An organization event whose affected accounts cannot be listed: logged when it starts and when it
 * ends, like an account's failures. Kept in `failingAccounts` under the event's ARN (never an account
 * id), so the poll state needs no second map.
 */
export function noteEvents(
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

export /** An account's failures are logged when they start and when they end, not on every poll. */
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
