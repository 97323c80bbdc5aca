import { keys } from './table.js';
import type { TableClient } from './table-client.js';

/** A group's member list as Slack gave it, and when it was asked (epoch ms). */
export interface StoredUsergroupMembers {
  users: readonly string[];
  fetchedAtMs: number;
}

/** What `save` did: written, refused as older than the stored copy, or not stored because of its size. */
export type UsergroupSaveOutcome = 'saved' | 'older' | 'too-large';

export const usergroupMembersRepoDefaults = {
  /**
   * The most member ids one item holds. A Slack member id is 9–11 characters and DynamoDB counts a list
   * element as its length plus a byte or so, so 10,000 ids stay near 130 KB, well below the 400 KB item
   * limit. An operators group is a rota, not the workspace; a larger group is not stored at all (a
   * truncated list would refuse the members it dropped), and each container asks Slack for it as before.
   */
  maxUsers: 10_000,
} as const;

/**
 * Slack user-group members shared by every Slack container, so a cold one decides from the store
 * instead of waiting on usergroups.users.list before Slack's 3-second acknowledgement. A write is
 * conditional on its `fetchedAtMs` being newer than the stored one: a slow, older answer landing late
 * never replaces a newer list.
 */
export class UsergroupMembersRepo {
  private readonly maxUsers: number;

  constructor(
    private readonly table: TableClient,
    options: { maxUsers?: number } = {},
  ) {
    this.maxUsers = options.maxUsers ?? usergroupMembersRepoDefaults.maxUsers;
  }

  async get(usergroup: string): Promise<StoredUsergroupMembers | undefined> {
    const item = await this.table.get(keys.usergroupMembers(usergroup));
    if (!item || !Array.isArray(item.users) || typeof item.fetchedAtMs !== 'number') return undefined;
    return {
      users: item.users.filter((u): u is string => typeof u === 'string'),
      fetchedAtMs: item.fetchedAtMs,
    };
  }

  async save(usergroup: string, members: StoredUsergroupMembers): Promise<UsergroupSaveOutcome> {
    if (members.users.length > this.maxUsers) return 'too-large';
    const written = await this.table.putIf(
      { ...keys.usergroupMembers(usergroup), users: [...members.users], fetchedAtMs: members.fetchedAtMs },
      {
        ConditionExpression: 'attribute_not_exists(PK) OR fetchedAtMs < :at',
        ExpressionAttributeValues: { ':at': members.fetchedAtMs },
      },
    );
    return written ? 'saved' : 'older';
  }
}
