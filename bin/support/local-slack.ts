import type { SlackSetup } from '../../lambda/app/slack.js';
import { calmSettingsOf } from '../../lambda/config/calm-schema.js';
import type { LookoutConfig } from '../../lambda/config/config-schema.js';
import type { LocalEnv } from '../../lambda/config/env.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';

/** The channel incidents are announced in: SLACK_CHANNEL, else the config's; known even while Slack is off. */
export function localChannel(env: LocalEnv, config: LookoutConfig): string | undefined {
  return env.SLACK_CHANNEL ?? config.slack.channel;
}

/** Slack for local runs: on only when a bot token and a channel are both known. */
export function localSlack(env: LocalEnv, config: LookoutConfig): SlackSetup | undefined {
  const channel = localChannel(env, config);
  if (!env.SLACK_BOT_TOKEN || !channel) return undefined;
  return {
    channel,
    token: env.SLACK_BOT_TOKEN,
    apiUrl: env.SLACK_API_URL,
    runbooks: loadRunbooks({ env: process.env }),
    giveUpAfterMinutes: config.slack.giveUpAfterMinutes,
    incidentChannels: config.slack.incidentChannels,
    calm: calmSettingsOf(config.slack.calm),
    restore: config.route53,
    tokenAdvice:
      'If Slack fixed it on its side, delivery resumes by itself; otherwise set a working SLACK_BOT_TOKEN (add any missing scope to the app and reinstall it) and restart Lookout.',
  };
}
