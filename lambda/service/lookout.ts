import { randomUUID } from 'node:crypto';
import type { LookoutConfig } from '../config/config-schema.js';
import type { Target } from '../domain/targets.js';
import type { Store } from '../store/store.js';
import { IncidentCommands } from './incident-commands.js';
import { IncidentWriter } from './incident-writer.js';
import type { Log } from './logger.js';
import { ObservationProcessor } from './observation-processor.js';
import { type Deliverer, deliverOutbox } from './outbox-delivery.js';
import { type Prober, type RoundResult, runProbeRound } from './probe-round.js';

export type { Deliverer } from './outbox-delivery.js';

export interface LookoutDeps {
  config: LookoutConfig;
  targets: Target[];
  store: Store;
  prober: Prober;
  log: Log;
  now?: () => Date;
  /** Slack delivery (the outbox sender); absent = incidents are kept and printed, not posted. */
  slack?: { channel: string; deliverer: Deliverer };
  concurrency?: number;
  /** Identifies this run when it holds the outbox lease. */
  owner?: string;
}

/** Wires the one path every signal takes — probe → detectors → store → outbox → Slack — for any host. */
export function createLookout(deps: LookoutDeps) {
  const now = deps.now ?? (() => new Date());
  const owner = deps.owner ?? `lookout-${randomUUID()}`;
  const writer = new IncidentWriter(deps.store, {
    autoResolve: deps.config.detection.autoResolve,
    log: deps.log,
    now,
    ...(deps.slack ? { defaultChannel: deps.slack.channel } : {}),
  });
  const processor = new ObservationProcessor(deps.store, writer, deps.config.detection, deps.log);
  const commands = new IncidentCommands(deps.store, writer, now);
  return {
    processor,
    commands,
    round(onResult?: (r: RoundResult['results'][number]) => void | Promise<void>): Promise<RoundResult> {
      return runProbeRound(deps.targets, deps.prober, processor, {
        log: deps.log,
        ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
        ...(onResult ? { onResult } : {}),
      });
    },
    /** Sends pending Slack messages (see deliverOutbox: leased, never throws). */
    deliver() {
      return deliverOutbox(deps.store, deps.slack?.deliverer, { owner, now, log: deps.log });
    },
  };
}

export type Lookout = ReturnType<typeof createLookout>;
