import { createHealthApp, type HealthApp, type HealthAppDeps } from '../app/health.js';
import { targetId } from '../domain/targets.js';
import { containerOf, type LambdaSetup, log, slackFor } from './lambda-runtime.js';

/** The Health flow for one run: the container's store, the watched targets, Slack as the secret says now. */
export async function healthApp(
  setup: LambdaSetup,
  deadline: () => number,
  owner: string,
  /** The poller's Health clients and account (the poller Lambda only). */
  poller: Pick<HealthAppDeps, 'healthApi' | 'accountId'> = {},
): Promise<HealthApp> {
  const { config } = setup;
  return createHealthApp({
    config,
    store: containerOf(setup.env).store,
    // Only names and types matter here: which watched names a Health event's service and region own.
    targets: config.targets.map((t) => ({
      id: targetId(t.name, t.type),
      name: t.name,
      type: t.type,
      ...(t.channel ? { channel: t.channel } : {}),
    })),
    log,
    now: () => new Date(),
    channel: config.slack.channel,
    slack: await slackFor(setup),
    deadline,
    owner,
    ...poller,
  });
}
