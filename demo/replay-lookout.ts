import { createHealthApp } from '../lambda/app/health.js';
import { createProbeApp } from '../lambda/app/probe.js';
import { createRoute53App } from '../lambda/app/route53.js';
import { createRoute53Clients } from '../lambda/app/route53-clients.js';
import type { SlackSetup } from '../lambda/app/slack.js';
import { configSchema } from '../lambda/config/config-schema.js';
import { resolveTargets } from '../lambda/config/load-config.js';
import type { Log } from '../lambda/ports/log.js';
import type { Store } from '../lambda/store/store.js';
import type { ReplayWorld } from './replay-world.js';
import { DEMO_NAME } from './replay-zone.js';

/**
 * Lookout as the replay runs it, built by its own composition roots over the demo's store: the probe
 * (which also delivers to Slack), the Route 53 flow with Lookout's credentials, and AWS Health.
 */
export function createReplayLookout(
  world: ReplayWorld,
  deps: { intervalMs: number; store: Store; log: Log; slack: SlackSetup | undefined },
) {
  const { store, log, slack } = deps;
  // The probe's timeout is the default (2 s), not shorter than the fast intervals the tests use: the
  // servers are on this machine, and a busy one must not turn their answers into timeouts.
  const probeTimeoutMs = 2000;
  const config = configSchema.parse({
    probe: { intervalSeconds: deps.intervalMs / 1000, timeoutMs: probeTimeoutMs, resolvers: world.servers },
    detection: { emptyAfterProbes: 2, recoverAfterProbes: 3 },
    targets: [{ name: DEMO_NAME, type: 'A', mode: 'pool' }],
    route53: { zones: [{ id: world.zoneId, names: [DEMO_NAME] }], requestsPerSecond: 8, burst: 10 },
  });
  const now = () => new Date();
  const probe = createProbeApp({ config, targets: resolveTargets(config, []), store, log, slack });
  // Lookout's own Route 53 flow, with Lookout's credentials; Slack delivery is the probe app's.
  const route53App = createRoute53App({
    store,
    config,
    clients: createRoute53Clients({
      endpoint: world.endpoint,
      client: world.client('lookout'),
      pace: { requestsPerSecond: 8, burst: 10 },
    }),
    log,
    now,
    channel: slack?.channel,
  });
  // AWS Health through its own flow, into the same store; Slack delivery is the probe app's.
  const health = createHealthApp({
    store,
    config,
    targets: resolveTargets(config, []),
    log,
    now,
    channel: slack?.channel,
  });
  return { config, now, probe, route53App, health };
}
