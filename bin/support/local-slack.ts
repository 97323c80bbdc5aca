import type { LookoutConfig } from '../../lambda/config/config-schema.js';
import type { LocalEnv } from '../../lambda/config/env.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { Log } from '../../lambda/service/logger.js';
import type { Deliverer } from '../../lambda/service/lookout.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { OutboxSender } from '../../lambda/slack/outbox-sender.js';
import { SlackPoster } from '../../lambda/slack/slack-poster.js';
import type { Store } from '../../lambda/store/store.js';

/** Slack delivery for local runs: on only when a bot token and a channel are both known. */
export function localSlack(
  env: LocalEnv,
  config: LookoutConfig,
  store: Store,
  log: Log,
): { channel: string; deliverer: Deliverer } | undefined {
  const channel = env.SLACK_CHANNEL ?? config.slack.channel;
  if (!env.SLACK_BOT_TOKEN || !channel) return undefined;
  const client = createSlackClient(
    env.SLACK_BOT_TOKEN,
    env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {},
  );
  const deliverer = new OutboxSender({
    outbox: store.outbox,
    incidents: store.incidents,
    slack: new SlackPoster(client, {
      onRateLimited: (seconds, method) => log.warn(`Slack rate-limited ${method}; waiting ${seconds} s`),
    }),
    runbooks: loadRunbooks({ env: process.env }),
    clock: () => new Date(),
    logger: log,
  });
  return { channel, deliverer };
}
