import { Route53Client } from '@aws-sdk/client-route-53';
import { createRoute53Services } from '../../lambda/app/route53.js';
import type { LookoutConfig } from '../../lambda/config/config-schema.js';
import type { LocalEnv } from '../../lambda/config/env.js';
import type { TimelineEntry } from '../../lambda/domain/incident.js';
import type { Log } from '../../lambda/ports/log.js';
import { pollZones } from '../../lambda/service/route53/poll-zones.js';
import { ZonePoller } from '../../lambda/service/route53/zone-poller.js';
import { ChangeHistoryClient } from '../../lambda/sources/route53/change-history-client.js';
import { RateLimiter } from '../../lambda/sources/route53/rate-limiter.js';
import { Route53Adapter } from '../../lambda/sources/route53/route53-adapter.js';
import type { Store } from '../../lambda/store/store.js';

/**
 * Zone polling for `lookout start` when the config has a `route53` section: the same poller as the
 * Lambda, with the operator's AWS credentials (default chain) or a local API (LOOKOUT_ROUTE53_ENDPOINT).
 * Runs one poll at a time beside the probe loop; `due()` says when the next one should start.
 */
export function localRoute53(env: LocalEnv, config: LookoutConfig, store: Store, log: Log, channel?: string) {
  const r53 = config.route53;
  if (!r53) return undefined;
  const client = new Route53Client({
    region: 'us-east-1',
    ...(env.LOOKOUT_ROUTE53_ENDPOINT ? { endpoint: env.LOOKOUT_ROUTE53_ENDPOINT } : {}),
  });
  const limiter = new RateLimiter(r53.requestsPerSecond, r53.burst);
  const adapter = new Route53Adapter(client, limiter);
  const now = () => new Date();
  const services = createRoute53Services({
    store,
    config,
    adapter,
    log,
    now,
    ...(channel ? { slackChannel: channel } : {}),
  });
  const poller = new ZonePoller(store, adapter, services.zoneView, { log, now });
  const changeHistory = {
    client: ChangeHistoryClient.fromRoute53Client(client, {
      limiter,
      ...(env.LOOKOUT_ROUTE53_ENDPOINT ? { endpoint: env.LOOKOUT_ROUTE53_ENDPOINT } : {}),
    }),
    ingest: services.ingest,
  };
  let last = 0;
  let running: Promise<void> | undefined;
  return {
    zones: r53.zones.map((z) => z.id),
    intervalMinutes: r53.pollIntervalMinutes,
    /** Starts a poll of every zone if one is due and none is running; reports entries as they come. */
    tick(
      onEntries: (entries: TimelineEntry[], zoneId: string) => void,
      onProblem: (text: string) => void,
    ): void {
      if (running || Date.now() - last < r53.pollIntervalMinutes * 60_000) return;
      last = Date.now();
      running = (async () => {
        const summary = await pollZones(poller, r53, {
          store,
          writer: services.writer,
          log,
          now,
          changeHistory,
          ...(channel ? { channel } : {}),
        });
        for (const result of summary.results) onEntries(result.entries, result.zoneId);
        for (const m of summary.misconfigured)
          onProblem(`hosted zone ${m.zoneId} cannot be read: ${m.problem}`);
        for (const f of summary.failures) onProblem(`zone ${f.zoneId} snapshot failed: ${f.error}`);
      })()
        .catch((error) => onProblem(`Route 53 polling failed: ${String(error)}`))
        .finally(() => {
          running = undefined;
        });
    },
    drain: () => running ?? Promise.resolve(),
  };
}
