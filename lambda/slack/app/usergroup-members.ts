/** The one Web API method the authorizer calls; `WebClient` fits it, so tests hand in the real one. */
export interface UsergroupsClient {
  usergroups: {
    users: { list(args: { usergroup: string }): Promise<{ users?: string[] | undefined }> };
  };
}

export const usergroupMembersDefaults = {
  /**
   * How long a group's member list is trusted. usergroups.users.list is Tier 2 (about 20 calls a
   * minute): during an incident a handful of people press buttons within seconds, and each press
   * asking Slack again would meet its rate limit exactly when it matters. A minute keeps that to one
   * call per group, while someone taken off the on-call group loses the right within a minute —
   * shorter than any rota handover. A cold Lambda starts empty, so it never trusts an older list.
   */
  ttlMs: 60_000,
} as const;

interface Cached {
  users: ReadonlySet<string>;
  fetchedAt: number;
}

/**
 * Members of Slack user groups, cached per group for `ttlMs` on the injected clock. Only answers are
 * cached: a failed lookup throws (the caller refuses) and the next check asks again. Concurrent checks
 * for one group share one call.
 */
export class UsergroupMembers {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<ReadonlySet<string>>>();
  private readonly ttlMs: number;

  constructor(
    private readonly client: UsergroupsClient,
    private readonly now: () => Date,
    options: { ttlMs?: number } = {},
  ) {
    this.ttlMs = options.ttlMs ?? usergroupMembersDefaults.ttlMs;
  }

  /** The group's member ids; throws what the client threw when Slack could not be asked or refused. */
  async of(usergroup: string): Promise<ReadonlySet<string>> {
    const cached = this.cache.get(usergroup);
    if (cached && this.now().getTime() - cached.fetchedAt < this.ttlMs) return cached.users;
    const pending = this.inFlight.get(usergroup);
    if (pending) return pending;
    const lookup = this.fetch(usergroup).finally(() => this.inFlight.delete(usergroup));
    this.inFlight.set(usergroup, lookup);
    return lookup;
  }

  private async fetch(usergroup: string): Promise<ReadonlySet<string>> {
    const fetchedAt = this.now().getTime();
    const { users } = await this.client.usergroups.users.list({ usergroup });
    const members = new Set(users ?? []);
    this.cache.set(usergroup, { users: members, fetchedAt });
    return members;
  }
}
