import { createProbeApp, type ProbeApp } from '../app/probe.js';
import { resolveTargets } from '../config/resolve-targets.js';
import type { Target } from '../domain/targets.js';
import { systemResolvers } from '../sources/dns/system-resolvers.js';
import { containerOf, type LambdaSetup, log, slackFor } from './lambda-runtime.js';

let targets: Promise<Target[]> | undefined;

/** The probe flow for one run: container-scoped clients, Slack as the secret says right now. */
export async function probeApp(setup: LambdaSetup, deadline: () => number): Promise<ProbeApp> {
  const { config } = setup;
  targets ??= systemResolvers().then((system) => resolveTargets(config, system, 'LOOKOUT_CONFIG'));
  return createProbeApp({
    config,
    targets: await targets,
    store: containerOf(setup.env).store,
    log,
    deadline,
    slack: await slackFor(setup),
    channel: config.slack.channel,
  });
}
