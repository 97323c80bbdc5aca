import type { SlackOperators } from '../../config/slack-schema.js';
import type { Log } from '../../ports/log.js';
import { classifySlackError } from '../errors.js';
import { lookupFailedMessage, noOperatorsMessage, notOperatorMessage } from './refusal-messages.js';
import { changesState, type SlackAction } from './slack-actions.js';
import {
  UsergroupMembers,
  type UsergroupMembersOptions,
  type UsergroupsClient,
} from './usergroup-members.js';

export type { SlackAction, StateChangingAction } from './slack-actions.js';

/** How an allowed check was allowed: recorded beside the actor on the timeline (slack-actor.ts). */
export type AllowedVia = { kind: 'reading' } | { kind: 'user' } | { kind: 'usergroup'; usergroup: string };

/** Why a check refused: `no-operators` is the default config, `lookup-failed` a Slack failure. */
export type RefusalReason = 'no-operators' | 'not-operator' | 'lookup-failed';

export type Decision =
  | { allowed: true; via: AllowedVia }
  | { allowed: false; reason: RefusalReason; message: string };

/**
 * What every listener asks before acting: reading is allowed to anyone; a state-changing action only
 * to a configured operator. A refusal carries the ephemeral text to show the person.
 */
export interface Authorizer {
  check(userId: string, action: SlackAction): Promise<Decision>;
}

export interface SlackAuthorizerOptions {
  operators: SlackOperators;
  /** `WebClient` (bot token with `usergroups:read`). */
  client: UsergroupsClient;
  now: () => Date;
  log: Log;
  /** How long a group's member list is trusted (usergroup-members.ts says why 60 s by default). */
  usergroupTtlMs?: number;
  /**
   * Member lists shared by every container (`store.usergroups`), so a cold one decides from a store
   * read; Slack's deadline, the stale limit and the timer are in usergroup-members.ts.
   */
  usergroups?: Omit<UsergroupMembersOptions, 'ttlMs' | 'log'>;
}

/**
 * `slack.operators` as an Authorizer. Listed users are allowed without a call; otherwise each listed
 * group's members are read: from this container's cache or the store while fresh, else from Slack
 * within a deadline, else from a stored list not too stale (usergroup-members.ts). A lookup that fails
 * with nothing to fall back on refuses and says so — it never grants,
 * since a Slack outage must not open Route 53 restores to the whole workspace. With no operators
 * configured nobody may change state from Slack (the secure default) and the refusal names the key.
 *
 * @example
 * const authorizer = new SlackAuthorizer({ operators: config.slack.operators, client, now, log });
 * const decision = await authorizer.check(body.user_id, 'ack');
 * if (!decision.allowed) return respond({ response_type: 'ephemeral', text: decision.message });
 */
export class SlackAuthorizer implements Authorizer {
  private readonly operators: SlackOperators;
  private readonly members: UsergroupMembers;
  private readonly log: Log;

  constructor(options: SlackAuthorizerOptions) {
    this.operators = options.operators;
    this.log = options.log;
    this.members = new UsergroupMembers(options.client, options.now, {
      ...options.usergroups,
      ...(options.usergroupTtlMs === undefined ? {} : { ttlMs: options.usergroupTtlMs }),
      log: options.log,
    });
  }

  async check(userId: string, action: SlackAction): Promise<Decision> {
    if (!changesState(action)) return { allowed: true, via: { kind: 'reading' } };
    const { users, usergroups } = this.operators;
    if (!users.length && !usergroups.length)
      return { allowed: false, reason: 'no-operators', message: noOperatorsMessage(action) };
    if (users.includes(userId)) return { allowed: true, via: { kind: 'user' } };

    type Looked = { usergroup: string; members: ReadonlySet<string> } | { usergroup: string; reason: string };
    const looked = await Promise.all(
      usergroups.map(async (usergroup): Promise<Looked> => {
        try {
          return { usergroup, members: await this.members.of(usergroup) };
        } catch (error) {
          const reason = classifySlackError(error).reason;
          this.log.warn('Slack user-group lookup failed: refusing the action', {
            usergroup,
            userId,
            action,
            reason,
            error,
          });
          return { usergroup, reason };
        }
      }),
    );
    const member = looked.find((l) => 'members' in l && l.members.has(userId));
    if (member) return { allowed: true, via: { kind: 'usergroup', usergroup: member.usergroup } };
    const failed = looked.flatMap((l) => ('reason' in l ? [l] : []));
    if (failed.length)
      return {
        allowed: false,
        reason: 'lookup-failed',
        message: lookupFailedMessage(this.operators, action, failed),
      };
    return { allowed: false, reason: 'not-operator', message: notOperatorMessage(this.operators, action) };
  }
}
