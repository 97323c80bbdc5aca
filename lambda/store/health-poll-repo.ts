import { keys } from './table.js';
import type { TableClient } from './table-client.js';

/** Which listing the poller reads: the account's own (DescribeEvents) or the organization's. */
export type HealthPollView = 'account' | 'organization';

/**
 * What the Health API poller remembers between runs, one item per view. Small by construction: only
 * the events the last listing showed are kept in `described`, so closed ones fall out on their own.
 */
export interface HealthPollState {
  /** When the last complete poll started: the next one also lists events updated since (minus an overlap). */
  cursor?: string;
  /** Event ARN → the `lastUpdatedTime` whose details and entities were fetched and ingested in full. */
  described: Record<string, string>;
  /** Set while the account has no support plan for the Health API (SubscriptionRequiredException). */
  subscriptionRequired?: { since: string; checkedAt: string; message: string };
  /** Account → since when its details or entities fail: logged when it starts, not on every poll. */
  failingAccounts: Record<string, string>;
  version: number;
}

export class HealthPollRepo {
  constructor(private readonly table: TableClient) {}

  async get(view: HealthPollView): Promise<HealthPollState> {
    const item = await this.table.get(keys.healthPoller(view));
    if (!item) return { described: {}, failingAccounts: {}, version: 0 };
    const data = item.data as Partial<Omit<HealthPollState, 'version'>>;
    return {
      ...(data.cursor ? { cursor: data.cursor } : {}),
      described: data.described ?? {},
      ...(data.subscriptionRequired ? { subscriptionRequired: data.subscriptionRequired } : {}),
      failingAccounts: data.failingAccounts ?? {},
      version: item.version as number,
    };
  }

  /** Saves as version `state.version + 1`; ConcurrentUpdateError if another poll saved first. */
  async save(view: HealthPollView, state: HealthPollState): Promise<HealthPollState> {
    const { version: previous, ...data } = state;
    const version = previous + 1;
    await this.table.putIfVersion(
      { ...keys.healthPoller(view), version, data },
      previous,
      `Health poller state (${view})`,
    );
    return { ...state, version };
  }
}
