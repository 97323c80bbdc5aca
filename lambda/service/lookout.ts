import { randomUUID } from 'node:crypto';
import type { LookoutConfig } from '../config/config-schema.js';
import type { Target } from '../domain/targets.js';
import type { Store } from '../store/store.js';
import { IncidentCommands } from './incident-commands.js';
import { IncidentWriter } from './incident-writer.js';
import type { Log } from './logger.js';
import { ObservationProcessor } from './observation-processor.js';
import { type Prober, type RoundResult, runProbeRound } from './probe-round.js';

export interface Deliverer {
  flush(): Promise<{ sent: number; retried: number; failed: number }>;
}

/** Longest a delivery may hold the outbox lease before another run may take it over. */
const OUTBOX_LEASE_MS = 90_000;

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
    /**
     * Sends pending Slack messages, unless another run holds the outbox (it will send them). Never
     * throws: a store or Slack failure here is logged and retried on the next call, and must not stop
     * probing.
     */
    async deliver() {
      const none = { sent: 0, retried: 0, failed: 0 };
      if (!deps.slack) return none;
      try {
        if (!(await deps.store.leases.acquire('outbox', owner, now().getTime(), OUTBOX_LEASE_MS))) {
          deps.log.debug('outbox held by another run; leaving delivery to it');
          return none;
        }
        try {
          return await deps.slack.deliverer.flush();
        } finally {
          await deps.store.leases.release('outbox', owner);
        }
      } catch (error) {
        deps.log.error('Slack delivery failed; pending messages stay in the outbox', {
          error: String(error),
        });
        return none;
      }
    },
  };
}

export type Lookout = ReturnType<typeof createLookout>;
