import { createProbeApp, type ProbeApp } from '../app/probe.js';
import { resolveTargets } from '../config/resolve-targets.js';
import type { Target } from '../domain/targets.js';
import { systemResolvers } from '../sources/dns/system-resolvers.js';
import { containerOf, type LambdaSetup, log, slackFor } from './lambda-runtime.js';

let targets: Promise<Target[]> | undefined;
let system: Promise<string[]> | undefined;

/** The probe flow for one run: container-scoped clients, Slack as the secret says right now. */
export async function probeApp(setup: LambdaSetup, deadline: () => number): Promise<ProbeApp> {
  const { config } = setup;
  system ??= systemResolvers();
  targets ??= system.then((found) => resolveTargets(config, found, 'LOOKOUT_CONFIG'));
  const resolvers = config.probe.resolvers.length ? config.probe.resolvers : await system;
  return createProbeApp({
    config,
    targets: await targets,
    store: containerOf(setup.env).store,
    log,
    deadline,
    slack: await slackFor(setup),
    channel: config.slack.channel,
    // Names watched from Slack are read each run: no redeploy for `/lookout watch`.
    watchList: { resolvers },
  });
}
