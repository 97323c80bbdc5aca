import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  createSlackLambdaHandler,
  type SlackCredentials,
  type SlackLambdaHandler,
} from '../app/slack-app.js';
import { parseEnv } from '../config/env.js';
import { ConfigError } from '../config/errors.js';
import { resolveTargets } from '../config/resolve-targets.js';
import { type SlackLambdaEnv, slackLambdaEnvSchema } from '../config/slack-env.js';
import { readSlackSecret, type SlackSecret } from '../config/slack-secret.js';
import { LambdaHandoff } from '../slack/app/handoff/lambda-handoff.js';
import { systemResolvers } from '../sources/dns/system-resolvers.js';
import { containerOf, type LambdaSetup, log, readLambdaSetup, runbooksOf } from './lambda-runtime.js';
import { refreshingSlackHandler } from './slack-secret-runtime.js';

/** The Slack Lambda's and the worker's setup, parsed once per container (a mistake names the field). */
export function readSlackSetup(
  env: NodeJS.ProcessEnv,
  what: string,
): LambdaSetup & { slackEnv: SlackLambdaEnv } {
  return { ...readLambdaSetup(env, what), slackEnv: parseEnv(slackLambdaEnvSchema, env, what) };
}

/**
 * The signing secret and bot identity: the environment's when set, else the Slack secret's. Read when
 * a container starts, and again when a request is refused (at most once a minute, see
 * refreshingSlackHandler), so a rotated secret reaches warm containers too.
 */
async function slackSecrets(setup: LambdaSetup & { slackEnv: SlackLambdaEnv }): Promise<SlackSecret> {
  const env = setup.slackEnv;
  const stored = env.SLACK_SECRET_ARN
    ? await readSlackSecret(containerOf(setup.env).secrets, env.SLACK_SECRET_ARN)
    : {};
  const pick = (fromEnv: string | undefined, fromSecret: string | undefined) => fromEnv ?? fromSecret;
  const secret: SlackSecret = {};
  const signingSecret = pick(env.SLACK_SIGNING_SECRET, stored.signingSecret);
  const botToken = pick(env.SLACK_BOT_TOKEN, stored.botToken);
  const botId = pick(env.SLACK_BOT_ID, stored.botId);
  const botUserId = pick(env.SLACK_BOT_USER_ID, stored.botUserId);
  if (signingSecret) secret.signingSecret = signingSecret;
  if (botToken) secret.botToken = botToken;
  if (botId) secret.botId = botId;
  if (botUserId) secret.botUserId = botUserId;
  return secret;
}

/** The Slack Lambda's handler, built on the first request of a container. */
export async function slackHandler(
  setup: LambdaSetup & { slackEnv: SlackLambdaEnv },
): Promise<SlackLambdaHandler> {
  const { config, slackEnv } = setup;
  if (!slackEnv.SLACK_WORKER_FUNCTION)
    throw new ConfigError(
      'Slack Lambda: SLACK_WORKER_FUNCTION is required (the worker slow work is handed to)',
    );
  const handoff = new LambdaHandoff({
    client: new LambdaClient({}),
    functionName: slackEnv.SLACK_WORKER_FUNCTION,
  });
  let targets: ReturnType<typeof resolveTargets> | undefined;
  const build = (secret: SlackSecret): SlackLambdaHandler => {
    if (!secret.signingSecret)
      throw new ConfigError(
        'Slack Lambda: no signing secret; put "signingSecret" into the Slack secret (the app\'s Basic Information page shows it)',
      );
    const credentials: SlackCredentials = {
      botToken: secret.botToken,
      botId: secret.botId,
      botUserId: secret.botUserId,
    };
    return createSlackLambdaHandler({
      signingSecret: secret.signingSecret,
      credentials,
      store: containerOf(setup.env).store,
      config,
      targets: async () => {
        targets ??= resolveTargets(
          config,
          config.probe.resolvers.length ? [] : await systemResolvers(),
          'LOOKOUT_CONFIG',
        );
        return targets;
      },
      log,
      runbooks: () => runbooksOf(setup),
      apiUrl: slackEnv.SLACK_API_URL,
      handoff,
    }).handler;
  };
  return refreshingSlackHandler({ read: () => slackSecrets(setup), build, log });
}
