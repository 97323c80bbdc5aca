import type { WebClient } from '@slack/web-api';
import { sleep as realSleep, type Sleep } from '../shared/sleep.js';
import { classifySlackError, SlackDeliveryError } from './errors.js';
import { type PaceCall, type SlackPace, unpaced } from './slack-pace.js';

/** Slack's answer to an invite: who is in now, who could not be invited and why. */
export interface InviteResult {
  invited: string[];
  refused: { user: string; error: string }[];
}

/** What incident channels need from Slack beyond posting (SlackChannelAdmin; tests may bring their own). */
export interface ChannelAdminPort {
  /** The new channel's id; `name_taken` and every other refusal as a SlackDeliveryError. */
  createChannel(name: string): Promise<string>;
  /** A channel of exactly this name, archived or not, if the bot can see it. */
  findChannel(name: string): Promise<{ id: string; archived: boolean } | undefined>;
  invite(channel: string, users: readonly string[]): Promise<InviteResult>;
  usergroupMembers(usergroup: string): Promise<string[]>;
  /** Archives it; one already archived counts as done. */
  archive(channel: string): Promise<void>;
}

/** Errors an invite answers per user: the call refused them, the channel is fine. */
const PER_USER = new Set(['already_in_channel', 'user_not_found', 'cant_invite_self', 'cant_invite']);

/**
 * Channel administration through an injected WebClient (its own retries off: the outbox is the one
 * retry layer). Every failure becomes a SlackDeliveryError. Calls take their turn in the same pacer as
 * the poster's (a storm of high-severity incidents creates channels in a burst; Tier 2 allows about 20
 * a minute); a 429 tells the pacer and is not waited out here — the item is tried again on the next flush.
 */
export class SlackChannelAdmin implements ChannelAdminPort {
  private readonly deadline: () => number;
  private readonly now: () => number;
  private readonly pace: SlackPace;
  private readonly sleep: Sleep;

  constructor(
    private readonly client: WebClient,
    options: { deadline?: () => number; now?: () => number; pace?: SlackPace; sleep?: Sleep } = {},
  ) {
    this.deadline = options.deadline ?? (() => Number.POSITIVE_INFINITY);
    this.now = options.now ?? Date.now;
    this.pace = options.pace ?? unpaced();
    this.sleep = options.sleep ?? realSleep;
  }

  async createChannel(name: string): Promise<string> {
    const out = await this.call({ method: 'conversations.create' }, () =>
      this.client.conversations.create({ name, is_private: false }),
    );
    if (!out.channel?.id)
      throw new SlackDeliveryError('retryable', 'missing_channel_id', { outcomeUnknown: true });
    return out.channel.id;
  }

  async findChannel(name: string): Promise<{ id: string; archived: boolean } | undefined> {
    let cursor: string | undefined;
    do {
      const out = await this.call({ method: 'conversations.list' }, () =>
        this.client.conversations.list({
          types: 'public_channel,private_channel',
          exclude_archived: false,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        }),
      );
      const match = out.channels?.find((c) => c.name === name);
      if (match?.id) return { id: match.id, archived: match.is_archived === true };
      cursor = out.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return undefined;
  }

  async invite(channel: string, users: readonly string[]): Promise<InviteResult> {
    try {
      const out = await this.call({ method: 'conversations.invite', channel }, () =>
        this.client.conversations.invite({ channel, users: users.join(','), force: true }),
      );
      const refused = errorsOf(out);
      return { invited: users.filter((u) => !refused.some((r) => r.user === u)), refused };
    } catch (error) {
      // Every user refused (all already in, say): Slack fails the call but lists why per user.
      const refused = errorsOf((error as { data?: unknown }).data);
      if (refused.length && refused.every((r) => PER_USER.has(r.error))) return { invited: [], refused };
      throw classifySlackError(error);
    }
  }

  async usergroupMembers(usergroup: string): Promise<string[]> {
    const out = await this.call({ method: 'usergroups.users.list' }, () =>
      this.client.usergroups.users.list({ usergroup }),
    );
    return out.users ?? [];
  }

  async archive(channel: string): Promise<void> {
    try {
      await this.call({ method: 'conversations.archive', channel }, () =>
        this.client.conversations.archive({ channel }),
      );
    } catch (error) {
      if (classifySlackError(error).reason !== 'already_archived') throw classifySlackError(error);
    }
  }

  private async call<T>(target: PaceCall, request: () => Promise<T>): Promise<T> {
    if (this.now() >= this.deadline())
      throw new SlackDeliveryError('retryable', 'deadline_exceeded', { paced: true });
    await this.pace.take(target, { sleep: this.sleep, deadline: this.deadline });
    try {
      return await request();
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.reason === 'ratelimited' && failure.kind === 'retryable')
        this.pace.limited(target, Math.max(1, failure.retryAfter ?? 1) * 1000);
      // Left as the library's error for invite, which reads Slack's per-user `errors`.
      if ((error as { code?: unknown }).code === 'slack_webapi_platform_error') throw error;
      throw failure;
    }
  }
}

function errorsOf(data: unknown): { user: string; error: string }[] {
  const list = (data as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(list)) return [];
  return list.flatMap((e: { user?: unknown; error?: unknown }) =>
    typeof e?.user === 'string' && typeof e.error === 'string' ? [{ user: e.user, error: e.error }] : [],
  );
}
