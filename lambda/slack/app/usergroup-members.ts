import type { Log } from '../../ports/log.js';
import type { StoredUsergroupMembers, UsergroupSaveOutcome } from '../../store/usergroup-members-repo.js';
import { classifySlackError, SlackDeliveryError } from '../errors.js';

/** The one Web API method the authorizer calls; `WebClient` fits it, so tests hand in the real one. */
export interface UsergroupsClient {
  usergroups: {
    users: { list(args: { usergroup: string }): Promise<{ users?: string[] | undefined }> };
  };
}

/** Where member lists outlive a container (UsergroupMembersRepo in lambda/store). */
export interface UsergroupMembersStore {
  get(usergroup: string): Promise<StoredUsergroupMembers | undefined>;
  save(usergroup: string, members: StoredUsergroupMembers): Promise<UsergroupSaveOutcome>;
}

/** Starts a countdown of `ms`; `cancel` stops it. Injected so tests fire it by hand. */
export type DeadlineTimer = (ms: number) => { elapsed: Promise<void>; cancel(): void };

export const realDeadlineTimer: DeadlineTimer = (ms) => {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<void>((resolve) => {
    handle = setTimeout(resolve, ms);
    // A pending countdown must not keep a local process (or a test run) alive.
    handle.unref?.();
  });
  return { elapsed, cancel: () => clearTimeout(handle) };
};

export const usergroupMembersDefaults = {
  /**
   * How long a group's member list is trusted. usergroups.users.list is Tier 2 (about 20 calls a
   * minute): during an incident a handful of people press buttons within seconds, and each press
   * asking Slack again would meet its rate limit exactly when it matters. A minute keeps that to one
   * call per group, while someone taken off the on-call group loses the right within a minute —
   * shorter than any rota handover. The same age applies to the copy in the store, so a cold
   * container trusts no older list than a warm one.
   */
  ttlMs: 60_000,
  /**
   * How long a person's request waits for Slack. Slack wants the acknowledgement within 3 s and a cold
   * start with its store reads already spends some of that; a second leaves the rest for the listener.
   */
  deadlineMs: 1_000,
  /**
   * How old a stored list may be and still decide when Slack is slow or failing. Incidents and Slack
   * brownouts (rate limits, API errors) come together, and operators must still ack and resolve; a
   * quarter of an hour covers a brownout while someone removed from the group keeps the right for at
   * most that long, and only while Slack cannot say otherwise. Older than this, the check refuses.
   */
  maxStaleMs: 15 * 60_000,
} as const;

export interface UsergroupMembersOptions {
  ttlMs?: number;
  deadlineMs?: number;
  maxStaleMs?: number;
  /** Shared member lists; without one, each container starts empty and asks Slack. */
  store?: UsergroupMembersStore;
  timer?: DeadlineTimer;
  log?: Log;
}

interface Cached {
  users: ReadonlySet<string>;
  fetchedAtMs: number;
}

/**
 * Members of Slack user groups, from the first of: this container's cache, the stored copy, Slack
 * (within `deadlineMs`), a stored copy up to `maxStaleMs` old. Lists younger than `ttlMs` (injected
 * clock) are trusted without asking Slack. An answer Slack gives is cached and stored, even one that
 * lands after the deadline. A lookup that fails with no usable stored copy throws (the caller refuses)
 * and the next check asks again. Concurrent checks for one group share one lookup.
 */
export class UsergroupMembers {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<ReadonlySet<string>>>();
  private readonly ttlMs: number;
  private readonly deadlineMs: number;
  private readonly maxStaleMs: number;
  private readonly timer: DeadlineTimer;

  constructor(
    private readonly client: UsergroupsClient,
    private readonly now: () => Date,
    private readonly options: UsergroupMembersOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? usergroupMembersDefaults.ttlMs;
    this.deadlineMs = options.deadlineMs ?? usergroupMembersDefaults.deadlineMs;
    this.maxStaleMs = options.maxStaleMs ?? usergroupMembersDefaults.maxStaleMs;
    this.timer = options.timer ?? realDeadlineTimer;
  }

  /** The group's member ids; throws what Slack (or the deadline) gave when no answer can be trusted. */
  async of(usergroup: string): Promise<ReadonlySet<string>> {
    const cached = this.cache.get(usergroup);
    if (cached && this.age(cached.fetchedAtMs) < this.ttlMs) return cached.users;
    const pending = this.inFlight.get(usergroup);
    if (pending) return pending;
    const lookup = this.lookup(usergroup).finally(() => this.inFlight.delete(usergroup));
    this.inFlight.set(usergroup, lookup);
    return lookup;
  }

  private async lookup(usergroup: string): Promise<ReadonlySet<string>> {
    const stored = await this.readStored(usergroup);
    if (stored && this.age(stored.fetchedAtMs) < this.ttlMs) return this.remember(usergroup, stored);
    try {
      return await this.askSlack(usergroup);
    } catch (error) {
      if (!stored || this.age(stored.fetchedAtMs) > this.maxStaleMs) throw error;
      this.options.log?.warn('Slack did not give user-group members: deciding from the stored list', {
        usergroup,
        fetchedAt: new Date(stored.fetchedAtMs).toISOString(),
        ageMs: this.age(stored.fetchedAtMs),
        maxStaleMs: this.maxStaleMs,
        reason: classifySlackError(error).reason,
        error,
      });
      return new Set(stored.users);
    }
  }

  /** Slack's answer within the deadline; one landing later is still cached and stored. */
  private async askSlack(usergroup: string): Promise<ReadonlySet<string>> {
    const fetchedAtMs = this.now().getTime();
    const call = this.client.usergroups.users
      .list({ usergroup })
      .then(({ users }): StoredUsergroupMembers => ({ users: users ?? [], fetchedAtMs }));
    const settled = call.then(async (members) => {
      this.remember(usergroup, members);
      await this.persist(usergroup, members);
    });
    // Past the deadline nobody awaits these; their failure is the caller's refusal, not a crash.
    settled.catch(() => undefined);
    const countdown = this.timer(this.deadlineMs);
    const late = countdown.elapsed.then((): never => {
      throw new SlackDeliveryError('retryable', `no answer within ${this.deadlineMs} ms`);
    });
    let members: StoredUsergroupMembers;
    try {
      members = await Promise.race([call, late]);
    } finally {
      countdown.cancel();
    }
    await settled;
    return this.remember(usergroup, members);
  }

  private async readStored(usergroup: string): Promise<StoredUsergroupMembers | undefined> {
    if (!this.options.store) return undefined;
    try {
      return await this.options.store.get(usergroup);
    } catch (error) {
      this.options.log?.warn('Could not read stored user-group members: asking Slack', { usergroup, error });
      return undefined;
    }
  }

  private async persist(usergroup: string, members: StoredUsergroupMembers): Promise<void> {
    if (!this.options.store) return;
    try {
      const outcome = await this.options.store.save(usergroup, members);
      if (outcome === 'too-large')
        this.options.log?.warn('User group too large to store: each container asks Slack for it', {
          usergroup,
          members: members.users.length,
        });
    } catch (error) {
      this.options.log?.warn('Could not store user-group members', { usergroup, error });
    }
  }

  /** Caches `members` unless a newer list is cached already (answers can land out of order). */
  private remember(usergroup: string, members: StoredUsergroupMembers): ReadonlySet<string> {
    const cached = this.cache.get(usergroup);
    if (cached && cached.fetchedAtMs > members.fetchedAtMs) return cached.users;
    const users = new Set(members.users);
    this.cache.set(usergroup, { users, fetchedAtMs: members.fetchedAtMs });
    return users;
  }

  private age(fetchedAtMs: number): number {
    return Math.max(0, this.now().getTime() - fetchedAtMs);
  }
}
