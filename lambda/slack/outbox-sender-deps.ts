import type { CalmSettings } from '../domain/calm/settings.js';
import type { RestoreSettings } from '../domain/route53/restore-target.js';
import type { Runbook } from '../domain/runbooks/schema.js';
import type { IncidentReader, OutboxStore } from '../store/ports.js';
import type { ThreadRepo } from '../store/thread-repo.js';
import type { DeliveryHealth } from './delivery-health.js';
import type { DigestSender } from './digest-sender.js';
import type { IncidentChannels } from './incident-channels.js';
import type { DeliveryLogger, SlackPort } from './slack-port.js';
import type { StormThreads } from './storm-threads.js';

/** What the outbox sender is built from: every entry point wires these through its composition root. */
export interface OutboxSenderDeps {
  outbox: OutboxStore;
  incidents: IncidentReader;
  slack: SlackPort;
  runbooks: readonly Runbook[];
  now: () => Date;
  log: DeliveryLogger;
  /** Items taken per channel per flush. */
  batchSize?: number;
  /** A retryable failure of an item queued (or retried) longer ago than this fails it, with the reason. */
  maxAgeMs?: number;
  /** Epoch ms; no new item is started after it, so a Lambda returns before its timeout. */
  deadline?: () => number;
  /** Shared across flushes (and runs in one container), so token trouble is announced once. */
  health?: DeliveryHealth;
  /** How long a post of unknown outcome that a lookup cannot find is still awaited before posting again. */
  lookupGraceMs?: number;
  /** The channels' AWS Health digests, brought up to date after the channels' items (absent: none). */
  digests?: Pick<DigestSender, 'flush'>;
  /** Incidents' own channels and links from routed channels (absent: every root goes to its alert channel). */
  channels?: IncidentChannels;
  /** `route53:` restore settings: roots offer Restore where restore from Slack applies. */
  restore?: RestoreSettings | undefined;
  /** Where grouped replies and paced root edits are kept (absent: no grouping, no pacing). */
  threads?: ThreadRepo | undefined;
  /** Storm summaries per channel (absent: every root top-level). */
  storms?: StormThreads | undefined;
  /** Grouping window and root-edit interval (slack.calm); used with `threads`. */
  calm?: Pick<CalmSettings, 'groupWindowMs' | 'rootEditMs'> | undefined;
}
