import { randomUUID } from 'node:crypto';
import type { LookoutConfig } from '../config/config-schema.js';
import type { Target } from '../domain/targets.js';
import { mergeWatched } from '../domain/watch-list.js';
import { ObservationProcessor } from '../engine/observation-processor.js';
import type { Log } from '../ports/log.js';
import type { Prober } from '../ports/prober.js';
import { deliverOutbox, type LeaseOwner } from '../service/outbox-delivery.js';
import { type RoundResult, runProbeRound } from '../service/probe-round.js';
import { announceUnannounced } from '../service/unannounced.js';
import { DnsProbe } from '../sources/dns/dns-probe.js';
import type { Store } from '../store/store.js';
import { createIncidentApp, type RoutingConfig } from './incidents.js';
import { type SlackDelivery, type SlackSetup, slackDeliveryFor } from './slack.js';

export type { Deliverer } from '../ports/deliverer.js';

export interface ProbeAppDeps {
  /** What the flow reads of the config: detection, and the probe timeout for the default prober. */
  config: Pick<LookoutConfig, 'detection'> & {
    probe: Pick<LookoutConfig['probe'], 'timeoutMs'>;
  } & RoutingConfig;
  targets: Target[];
  /** The DynamoDB store (createStore over a DynamoDB client, or the embedded one locally). */
  store: Store;
  log: Log;
  now?: () => Date;
  /** How targets are asked; default: DNS over UDP/TCP with the configured timeout. */
  prober?: Prober;
  /** Slack when a token and a channel are known; absent = incidents are kept and printed, not posted. */
  slack?: SlackSetup | SlackDelivery | undefined;
  /**
   * The channel incidents are announced in, known from the config even while Slack is off (no token
   * yet): their messages wait in the outbox and are posted once Slack is on. Defaults to slack.channel.
   */
  channel?: string | undefined;
  concurrency?: number;
  /** Identifies this run when it holds the outbox lease (a local run also knows a dead predecessor). */
  owner?: string | LeaseOwner;
  /** Epoch ms after which no Slack call starts (Lambda); also bounds the outbox lease. */
  deadline?: () => number;
  /**
   * Also probe the names watched from Slack (`/lookout watch`), asked of these resolvers (the config's
   * `probe.resolvers`, else the host's). Absent: only `targets`.
   */
  watchList?: { resolvers: readonly string[] } | undefined;
}

/**
 * The probe flow's composition root — probe → detectors → store → outbox → Slack — for every host:
 * the Lambda, `lookout start`, the demo, the benchmarks and the tests all build it here.
 */
export function createProbeApp(deps: ProbeAppDeps) {
  const now = deps.now ?? (() => new Date());
  const owner = deps.owner ?? `lookout-${randomUUID()}`;
  const slack = slackDeliveryFor(deps.slack, { store: deps.store, log: deps.log, deadline: deps.deadline });
  const channel = deps.channel ?? slack?.channel;
  const incidents = createIncidentApp({
    store: deps.store,
    detection: deps.config.detection,
    log: deps.log,
    now,
    channel,
    routing: deps.config.slack,
  });
  const prober = deps.prober ?? new DnsProbe({ timeoutMs: deps.config.probe.timeoutMs });
  const processor = new ObservationProcessor({
    store: deps.store,
    writer: incidents.writer,
    detection: deps.config.detection,
    log: deps.log,
    now,
  });
  let announced = false;
  /**
   * The targets of one round: the config's, then the watch list read with one query. Read every
   * round, not cached: a round is at most one per `probe.intervalSeconds` (one per Lambda run), a
   * single-partition query is cheap next to the DNS probes it adds, and a `/lookout watch` takes
   * effect on the very next round. A failed read probes the config's targets and says so.
   */
  const targets = async (): Promise<Target[]> => {
    if (!deps.watchList) return deps.targets;
    let watched: Awaited<ReturnType<Store['watchList']['list']>>;
    try {
      watched = await deps.store.watchList.list();
    } catch (error) {
      deps.log.warn('could not read the watch list; probing the configured targets only', { error });
      return deps.targets;
    }
    return mergeWatched(deps.targets, watched, deps.watchList.resolvers).targets;
  };
  return {
    processor,
    commands: incidents.commands,
    writer: incidents.writer,
    /** Where Slack posts go, or undefined while Slack is off. */
    slackChannel: slack?.channel,
    /** What the next round will probe (the config's targets and the watch list). */
    targets,
    async round(
      onResult?: (r: RoundResult['results'][number]) => void | Promise<void>,
    ): Promise<RoundResult> {
      return runProbeRound(await targets(), prober, processor, {
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
      if (slack && !announced) {
        announced = await announceUnannounced(deps.store, incidents.writer, slack.channel, {
          now,
          log: deps.log,
        });
      }
      return deliverOutbox(deps.store, slack?.deliverer, {
        owner,
        now,
        log: deps.log,
        ...(deps.deadline ? { deadline: deps.deadline } : {}),
      });
    },
  };
}

export type ProbeApp = ReturnType<typeof createProbeApp>;
