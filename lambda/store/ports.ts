import type { HealthDigest } from '../domain/health/health-digest.js';
import type { Incident, SlackRef, TimelineEntry } from '../domain/incident.js';

/**
 * One timeline entry waiting to reach Slack. Written in the same step as the entry itself
 * (persist first, send second, mark sent), so Slack being slow, rate-limited or down loses nothing.
 */
export interface OutboxItem {
  channel: string;
  incidentId: string;
  /** `<entry.at>#<entry.entryId>`: orders the outbox and makes the write idempotent. */
  seq: string;
  entry: TimelineEntry;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError?: string;
  sentAt?: string;
  /** Slack ts of the thread reply (or of the root, for OPENED). */
  ts?: string;
  /** When the item was queued. */
  enqueuedAt?: string;
  /** The first retryable failure since it was queued (or retried): what the give-up age counts from. */
  failingSince?: string;
  /** Set when a person put the failed item back in line. */
  retriedAt?: string;
  /**
   * Start of the earliest attempt whose outcome is unknown (written before the post leaves): the next
   * attempt looks the message up by its metadata instead of posting it again.
   */
  uncertainSince?: string;
  /** Start of the latest attempt that may have posted: a lookup that finds nothing waits a grace period from it. */
  graceFrom?: string;
}

export interface OutboxStore {
  /** Channels with pending items. */
  pendingChannels(): Promise<string[]>;
  /**
   * Pending items of one channel (or each channel's): its state changes first, oldest first, then its
   * routine items, with every routine item older than a listed state change of the same incident.
   */
  listPending(limit: number, channel?: string): Promise<OutboxItem[]>;
  /** The channel's oldest pending state changes (at most `limit`), from the index: to decide what waits, not to send. */
  pendingStateChanges(channel: string, limit: number): Promise<OutboxItem[]>;
  /** Records, before a post leaves, that its outcome is unknown until marked. */
  markAttempt(item: OutboxItem, at: string): Promise<OutboxItem>;
  markSent(item: OutboxItem, sentAt: string, ts?: string): Promise<void>;
  /** A retryable failure stays pending (attempts + 1); a permanent one leaves the pending index as `failed`. */
  markFailed(item: OutboxItem, reason: string, permanent: boolean): Promise<void>;
}

export interface IncidentReader {
  get(incidentId: string): Promise<Incident | undefined>;
  listTimeline(incidentId: string): Promise<TimelineEntry[]>;
  /**
   * Records where the root message was posted. Conditional: succeeds only while no ref is set;
   * returns the incident as stored afterwards (with the winning ref if another sender was first).
   * NotFoundError when there is no such incident; ConcurrentUpdateError when other writers keep
   * changing it (re-read a bounded number of times).
   */
  attachSlackRef(incidentId: string, ref: SlackRef): Promise<Incident>;
  /**
   * Changes the incident's own channel and links (delivery's steps: channel created, people invited,
   * link posted): `change` sees the incident as stored and returns the new values, or undefined for
   * none; written conditionally on the version, re-read on a conflict. Returns the incident as stored.
   * Optional: a reader without it delivers every incident in its alert channel.
   */
  updateChannels?(
    incidentId: string,
    change: (current: Incident) => Pick<Incident, 'incidentChannel' | 'links'> | undefined,
  ): Promise<Incident>;
}

/**
 * A channel's AWS Health digest and where Slack shows it. `revision` counts content changes; the
 * message is behind while `shownRevision` is lower (and that revision has not failed for good).
 */
export interface DigestState {
  channel: string;
  digest: HealthDigest;
  revision: number;
  /** The revision the Slack message was posted or last edited with. */
  shownRevision?: number;
  /** The message, once posted (or found again by its metadata). */
  ref?: SlackRef;
  /** A revision Slack refused for good (channel gone, say): the next revision tries again. */
  failedRevision?: number;
  attempts: number;
  lastError?: string;
  /** As on outbox items: the earliest post attempt whose outcome is unknown, and the latest. */
  uncertainSince?: string;
  graceFrom?: string;
}

export interface StoredDigest extends DigestState {
  /** The item's version, for conditional writes. */
  version: number;
}

export interface DigestStore {
  get(channel: string): Promise<StoredDigest | undefined>;
  /** Digests whose message is behind (never posted, or older than their revision). */
  listPending(): Promise<StoredDigest[]>;
  /**
   * Reads, applies `next` and writes conditionally on the version, re-reading on a conflict; `next`
   * returning undefined writes nothing. Returns what is stored afterwards.
   */
  change(
    channel: string,
    next: (current: DigestState | undefined) => DigestState | undefined,
  ): Promise<StoredDigest | undefined>;
}
