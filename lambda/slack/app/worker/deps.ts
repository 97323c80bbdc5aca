import type { Incident, TimelineEntry } from '../../../domain/incident.js';
import type { Log } from '../../../ports/log.js';
import type { Prober } from '../../../ports/prober.js';
import type { ResponseMessage } from '../response-url.js';
import type { SlackRestorerFactory } from '../restore/restorer.js';

/** What the worker needs: no Bolt, no bot token (it answers through response URLs). */
export interface SlackWorkerDeps {
  prober: Prober;
  /** The resolvers `check` asks: the config's `probe.resolvers`, else this host's. */
  resolvers: () => Promise<string[]>;
  respond: (responseUrl: string, message: ResponseMessage) => Promise<void>;
  /** True for the first run of a job's request; false for a delivery of it seen before. */
  claim: (jobId: string) => Promise<boolean>;
  log: Log;
  /**
   * Sends the outbox now (roots re-rendered in place, entries in their threads). Absent on a host
   * without a bot token: the next flow that delivers (the probe round) sends them.
   */
  deliver?: () => Promise<void>;
  /** The incident and its timeline (store reads), for `timeline`. Absent: `timeline` says it cannot. */
  incident?: (id: string) => Promise<{ incident: Incident; timeline: TimelineEntry[] }>;
  /**
   * Writes an entry to an incident's timeline and outbox (a re-check's answers). Absent (no store): the
   * re-check is answered to the person only.
   */
  record?: (entry: TimelineEntry) => Promise<void>;
  /** files.uploadV2 with the bot token. Absent: `timeline` says it cannot. */
  upload?: (file: SlackFile) => Promise<void>;
  /**
   * chat.postEphemeral and a direct message (chat.postMessage to the user) with the bot token, for
   * answers with no response URL. Absent (no bot token): only a response URL can answer.
   */
  post?: SlackPoster;
  /** The restore use case over the worker's Route 53 client; only with `route53.restoreFromSlack`. */
  restorer?: SlackRestorerFactory | undefined;
  /** The hosted zones of `route53.zones`: the only ones a restore job may change. */
  restoreZones?: readonly string[] | undefined;
}

/** A text file shared into a channel (in a thread when `threadTs`), with a comment. */
export interface SlackFile {
  channel: string;
  threadTs?: string | undefined;
  filename: string;
  title: string;
  content: string;
  comment: string;
}

/** The bot's two ways of telling one person something outside a response URL. */
export interface SlackPoster {
  ephemeral(args: { channel: string; user: string; text: string }): Promise<void>;
  direct(args: { user: string; text: string }): Promise<void>;
  /** chat.getPermalink: the message's permalink (`channel_not_found`, `message_not_found` throw). */
  permalink(args: { channel: string; ts: string }): Promise<string>;
  /** conversations.info: whether the channel exists, is archived, and has the bot in it. */
  channel(id: string): Promise<{ isMember: boolean; isArchived: boolean }>;
  /** views.update of a modal the app opened (`hash`: only if nobody changed it since). */
  updateView(args: { viewId: string; hash?: string | undefined; view: object }): Promise<void>;
}
