import type { Deliverer } from '../../lambda/app/probe.js';
import type { LookoutConfig } from '../../lambda/config/config-schema.js';
import type { LocalEnv } from '../../lambda/config/env.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { Log } from '../../lambda/ports/log.js';
import { DeliveryHealth } from '../../lambda/slack/delivery-health.js';
import { createSlackDelivery } from '../../lambda/slack/slack-delivery.js';
import type { Store } from '../../lambda/store/store.js';

/** The channel incidents are announced in: known from the config even while Slack is off. */
export function localChannel(env: LocalEnv, config: LookoutConfig): string | undefined {
  return env.SLACK_CHANNEL ?? config.slack.channel;
}

/** Slack delivery for local runs: on only when a bot token and a channel are both known. */
export function localSlack(
  env: LocalEnv,
  config: LookoutConfig,
  store: Store,
  log: Log,
): { channel: string; deliverer: Deliverer } | undefined {
  const channel = localChannel(env, config);
  if (!env.SLACK_BOT_TOKEN || !channel) return undefined;
  const deliverer = createSlackDelivery({
    token: env.SLACK_BOT_TOKEN,
    apiUrl: env.SLACK_API_URL,
    store,
    runbooks: loadRunbooks({ env: process.env }),
    logger: log,
    health: new DeliveryHealth(
      'If Slack fixed it on its side, delivery resumes by itself; otherwise set a working SLACK_BOT_TOKEN (add any missing scope to the app and reinstall it) and restart Lookout.',
    ),
    giveUpAfterMinutes: config.slack.giveUpAfterMinutes,
  });
  return { channel, deliverer };
}
