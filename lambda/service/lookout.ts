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
}

/** Wires the one path every signal takes — probe → detectors → store → outbox → Slack — for any host. */
export function createLookout(deps: LookoutDeps) {
  const now = deps.now ?? (() => new Date());
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
    async deliver() {
      return deps.slack ? deps.slack.deliverer.flush() : { sent: 0, retried: 0, failed: 0 };
    },
  };
}

export type Lookout = ReturnType<typeof createLookout>;
