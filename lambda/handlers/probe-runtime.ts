import { createLookout, type Lookout } from '../app/probe.js';
import { resolveTargets } from '../config/resolve-targets.js';
import type { Target } from '../domain/targets.js';
import { DnsProbe } from '../sources/dns/dns-probe.js';
import { systemResolvers } from '../sources/dns/system-resolvers.js';
import { containerOf, type LambdaSetup, log, slackFor } from './lambda-runtime.js';

let targets: Promise<Target[]> | undefined;

/** The probe's Lookout for one run: container-scoped clients, Slack as the secret says right now. */
export async function buildProbeLookout(setup: LambdaSetup, deadline: () => number): Promise<Lookout> {
  const { config } = setup;
  const { store } = containerOf(setup.env);
  targets ??= systemResolvers().then((system) => resolveTargets(config, system, 'LOOKOUT_CONFIG'));
  const slack = await slackFor(setup, deadline);
  return createLookout({
    config,
    targets: await targets,
    store,
    prober: new DnsProbe({ timeoutMs: config.probe.timeoutMs }),
    log,
    deadline,
    ...(slack ? { slack } : {}),
    ...(config.slack.channel ? { channel: config.slack.channel } : {}),
  });
}
