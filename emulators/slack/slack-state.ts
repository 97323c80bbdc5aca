import { announcedList } from './announced-list.js';
import type { ChannelLog } from './channel-admin-methods.js';
import { imId } from './im-methods.js';
import {
  BOT_USER,
  type FakeSlackOptions,
  type RecordedEphemeral,
  type RecordedMessage,
  type RecordedResponse,
  type RecordedUpload,
  type RecordedView,
  type RequestLog,
  type Usergroup,
  type Workspace,
} from './slack-types.js';

/**
 * What the Slack emulator holds and records, and the state API tests use to set it up and read it
 * back: channels, people, user groups, tokens, and every message, request, modal and upload accepted.
 */
export class SlackState {
  readonly messages: RecordedMessage[] = [];
  readonly requests: RequestLog[] = [];
  private readonly viewListeners = new Set<(view: RecordedView) => void>();
  private readonly ephemeralListeners = new Set<(ephemeral: RecordedEphemeral) => void>();
  private readonly responseListeners = new Set<(response: RecordedResponse) => void>();
  /** Modals opened or pushed, each with its updates. */
  readonly views: RecordedView[] = announcedList(this.viewListeners);
  /** chat.postEphemeral messages and ephemeral response_url answers. */
  readonly ephemerals: RecordedEphemeral[] = announcedList(this.ephemeralListeners);
  /** Every POST to a response_url, accepted or refused. */
  readonly responses: RecordedResponse[] = announcedList(this.responseListeners);
  readonly createdChannels: ChannelLog['created'] = [];
  readonly invites: ChannelLog['invites'] = [];
  /** Channel ids archived, in order. */
  readonly archives: string[] = [];
  /** files.getUploadURLExternal tickets, with the bytes received and how they were shared. */
  readonly uploads: RecordedUpload[] = [];
  protected readonly tokens: Set<string>;
  protected readonly workspace: Workspace;
  protected readonly messageListeners = new Set<(message: RecordedMessage) => void>();
  private lastTsMicros = 0;
  private channelSequence = 0;

  constructor(options: FakeSlackOptions = {}) {
    this.tokens = new Set(options.tokens ?? ['xoxb-test-token']);
    const members = Object.entries(options.members ?? {}).map(([c, users]) => [c, new Set(users)] as const);
    this.workspace = {
      messages: this.messages,
      channels: new Set(options.channels ?? ['C0ALERTS']),
      notInChannel: new Set(options.notInChannel ?? []),
      names: new Map(Object.entries(options.names ?? {})),
      users: new Map([[BOT_USER, 'lookout'], ...Object.entries(options.users ?? {})]),
      members: new Map(members),
      archived: new Set(),
      privateChannels: new Set(),
      usergroups: new Map(Object.entries(options.usergroups ?? {})),
    };
  }

  /** Calls `listener` with every message posted (not updates); returns the way to stop. */
  onMessage(listener: (message: RecordedMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /** Calls `listener` with every modal opened or pushed; returns the way to stop. */
  onView(listener: (view: RecordedView) => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  /** Calls `listener` with every ephemeral (chat.postEphemeral or a response URL); returns the way to stop. */
  onEphemeral(listener: (ephemeral: RecordedEphemeral) => void): () => void {
    this.ephemeralListeners.add(listener);
    return () => this.ephemeralListeners.delete(listener);
  }

  /** Calls `listener` with every POST to a response URL, accepted or refused; returns the way to stop. */
  onResponse(listener: (response: RecordedResponse) => void): () => void {
    this.responseListeners.add(listener);
    return () => this.responseListeners.delete(listener);
  }

  addChannel(channel: string): void {
    this.workspace.channels.add(channel);
  }

  /** A person in the workspace (invitable, can be a channel member). */
  addUser(id: string, name = id.toLowerCase()): void {
    this.workspace.users.set(id, name);
  }

  /** Puts people in a channel (as if they had joined), adding unknown ones to the workspace. */
  addMembers(channel: string, ...users: string[]): void {
    const members = this.workspace.members.get(channel) ?? new Set<string>();
    for (const user of users) {
      if (!this.workspace.users.has(user)) this.addUser(user);
      members.add(user);
    }
    this.workspace.members.set(channel, members);
  }

  /** Defines or redefines a user group (`S…`) for usergroups.users.list. */
  defineUsergroup(id: string, users: string[], more: Omit<Usergroup, 'users'> = {}): void {
    this.workspace.usergroups.set(id, { users: [...users], ...more });
  }

  /** Top-level messages of a channel, in posting order. */
  roots(channel: string): RecordedMessage[] {
    return this.messages.filter((m) => m.channel === channel && !m.thread_ts);
  }

  /** What the bot said to `user` in their direct message (IM), in posting order; none if never opened. */
  directMessages(user: string): RecordedMessage[] {
    const im = imId(user);
    return this.messages.filter((m) => m.channel === im);
  }

  replies(channel: string, threadTs: string): RecordedMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.thread_ts === threadTs);
  }

  count(method: string, status?: number): number {
    return this.requests.filter((r) => r.method === method && (status === undefined || r.status === status))
      .length;
  }

  /** Tokens can be revoked and granted again while the server runs (token trouble, then a fix). */
  revoke(token: string): void {
    this.tokens.delete(token);
  }

  grant(token: string): void {
    this.tokens.add(token);
  }

  protected get channelLog(): ChannelLog {
    return { created: this.createdChannels, invites: this.invites, archives: this.archives };
  }

  protected newChannelId(): string {
    let id: string;
    do id = `C1${String(++this.channelSequence).padStart(8, '0')}`;
    while (this.workspace.channels.has(id));
    return id;
  }

  /** chat.* accept an id or a `#name`; conversations.history/replies take ids only (as Slack's do). */
  protected channelId(value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    const name = value.replace(/^#/, '');
    for (const [id, n] of this.workspace.names) if (n === name) return id;
    return value;
  }

  /**
   * Like Slack's: the posting time in epoch seconds with microseconds (`1764649684.123456`), strictly
   * increasing, so string order is posting order and `oldest`/`latest` filters mean what they mean there.
   */
  protected nextTs(): string {
    this.lastTsMicros = Math.max(this.lastTsMicros + 1, Date.now() * 1000);
    return `${Math.floor(this.lastTsMicros / 1e6)}.${String(this.lastTsMicros % 1e6).padStart(6, '0')}`;
  }
}
