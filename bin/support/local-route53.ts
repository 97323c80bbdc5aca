import { createRoute53App } from '../../lambda/app/route53.js';
import { createRoute53Clients } from '../../lambda/app/route53-clients.js';
import type { SlackSetup } from '../../lambda/app/slack.js';
import type { LookoutConfig } from '../../lambda/config/config-schema.js';
import type { TimelineEntry } from '../../lambda/domain/incident.js';
import type { Log } from '../../lambda/ports/log.js';
import type { Store } from '../../lambda/store/store.js';

/**
 * Zone polling for `lookout start` when the config has a `route53` section: the same Route 53 flow as
 * the Lambda (snapshots, Change History, posture), with the operator's AWS credentials (default chain)
 * or a local API (LOOKOUT_ROUTE53_ENDPOINT). Runs one poll at a time beside the probe loop.
 */
export function localRoute53(options: {
  config: LookoutConfig;
  store: Store;
  log: Log;
  endpoint?: string | undefined;
  channel?: string | undefined;
  slack?: SlackSetup | undefined;
  now?: () => number;
}) {
  const { config, store, log } = options;
  const r53 = config.route53;
  if (!r53) return undefined;
  const clock = options.now ?? Date.now;
  const clients = createRoute53Clients({
    endpoint: options.endpoint,
    pace: { requestsPerSecond: r53.requestsPerSecond, burst: r53.burst },
  });
  // Slack delivery is the probe app's (one outbox, one lease holder): this flow only writes incidents.
  const app = createRoute53App({
    config,
    store,
    clients,
    log,
    now: () => new Date(clock()),
    channel: options.channel,
  });
  let last: number | undefined;
  let running: Promise<void> | undefined;
  let postureChecked = false;
  return {
    zones: r53.zones.map((z) => z.id),
    intervalMinutes: r53.pollIntervalMinutes,
    /** Starts a poll of every zone if one is due and none is running; reports entries as they come. */
    tick(
      onEntries: (entries: TimelineEntry[], zoneId: string) => void,
      onProblem: (text: string, error?: unknown) => void,
    ): void {
      if (running || (last !== undefined && clock() - last < r53.pollIntervalMinutes * 60_000)) return;
      last = clock();
      running = (async () => {
        // Posture once per run: its gaps are warnings a person reads once, not every few minutes.
        const summary = await app.poll({ posture: !postureChecked });
        postureChecked = true;
        for (const result of summary.results) onEntries(result.entries, result.zoneId);
        for (const m of summary.misconfigured)
          onProblem(`hosted zone ${m.zoneId} cannot be read: ${m.problem}`);
        // Snapshot failures are logged by the poll itself (with their cause); said once, not twice.
      })()
        .catch((error) => onProblem('Route 53 polling failed', error))
        .finally(() => {
          running = undefined;
        });
    },
    drain: () => running ?? Promise.resolve(),
    close: () => clients.destroy(),
  };
}
