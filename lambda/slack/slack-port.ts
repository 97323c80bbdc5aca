import type { SlackRef } from '../domain/incident.js';
import type { SlackMessage } from '../domain/render/blocks.js';
import type { Log } from '../ports/log.js';
import type { EntryKey } from './message-metadata.js';
import type { PostResult } from './slack-poster.js';

/** The ports Slack delivery depends on: where it logs, and how it talks to Slack. */

export type DeliveryLogger = Pick<Log, 'info' | 'warn' | 'error'>;

/** What the sender needs from SlackPoster; tests and other transports can provide their own. */
export interface SlackPort {
  /** `threadTs`: the root goes under that message (a storm's) instead of top-level. */
  postRoot(channel: string, message: SlackMessage, key: EntryKey, threadTs?: string): Promise<PostResult>;
  postReply(channel: string, threadTs: string, message: SlackMessage, key: EntryKey): Promise<PostResult>;
  updateRoot(ref: SlackRef, message: SlackMessage): Promise<PostResult>;
  /** Finds a root posted for `key` since `sinceMs` (a post whose outcome was unknown). */
  findRoot(channel: string, key: EntryKey, sinceMs: number): Promise<SlackRef | undefined>;
  findReply(root: SlackRef, key: EntryKey, sinceMs: number): Promise<SlackRef | undefined>;
}
