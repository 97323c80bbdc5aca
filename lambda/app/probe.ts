import { randomUUID } from 'node:crypto';
import type { LookoutConfig } from '../config/config-schema.js';
import type { Target } from '../domain/targets.js';
import { IncidentWriter } from '../engine/incident-writer.js';
import { ObservationProcessor } from '../engine/observation-processor.js';
import type { Deliverer } from '../ports/deliverer.js';
import type { Log } from '../ports/log.js';
import type { Prober } from '../ports/prober.js';
import { IncidentCommands } from '../service/incident-commands.js';
import { deliverOutbox, type LeaseOwner } from '../service/outbox-delivery.js';
import { type RoundResult, runProbeRound } from '../service/probe-round.js';
import { announceUnannounced } from '../service/unannounced.js';
import type { Store } from '../store/store.js';

export type { Deliverer } from '../ports/deliverer.js';

export interface LookoutDeps {
  config: LookoutConfig;
  targets: Target[];
  store: Store;
  prober: Prober;
  log: Log;
  now?: () => Date;
  /** Slack delivery (the outbox sender); absent = incidents are kept and printed, not posted. */
  slack?: { channel: string; deliverer: Deliverer };
  /**
   * The channel incidents are announced in, known from the config even while Slack is off (no token
   * yet): their messages wait in the outbox and are posted once Slack is on. Defaults to slack.channel.
   */
  channel?: string;
  concurrency?: number;
  /** Identifies this run when it holds the outbox lease (a local run also knows a dead predecessor). */
  owner?: string | LeaseOwner;
  /** Epoch ms after which no Slack call starts (Lambda); also bounds the outbox lease. */
  deadline?: () => number;
}

/** Wires the one path every signal takes — probe → detectors → store → outbox → Slack — for any host. */
export function createLookout(deps: LookoutDeps) {
  const now = deps.now ?? (() => new Date());
  const owner = deps.owner ?? `lookout-${randomUUID()}`;
  const channel = deps.channel ?? deps.slack?.channel;
  const writer = new IncidentWriter(deps.store, {
    autoResolve: deps.config.detection.autoResolve,
    log: deps.log,
    now,
    ...(channel ? { defaultChannel: channel } : {}),
  });
  let announced = false;
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
    /**
     * Sends pending Slack messages (see deliverOutbox: leased, never throws). The first delivery also
     * queues the open incidents that were opened before any channel was known.
     */
    async deliver() {
      if (deps.slack && !announced) {
        announced = await announceUnannounced(deps.store, writer, deps.slack.channel, { now, log: deps.log });
      }
      return deliverOutbox(deps.store, deps.slack?.deliverer, {
        owner,
        now,
        log: deps.log,
        ...(deps.deadline ? { deadline: deps.deadline } : {}),
      });
    },
  };
}

export type Lookout = ReturnType<typeof createLookout>;
