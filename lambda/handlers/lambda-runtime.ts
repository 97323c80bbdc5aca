import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { configSchema, type LookoutConfig } from '../config/config-schema.js';
import { type LambdaEnv, lambdaEnvSchema, parseEnv } from '../config/env.js';
import { ConfigError } from '../config/errors.js';
import { describeIssues } from '../config/load-config.js';
import { loadRunbooks } from '../config/load-runbooks.js';
import { readSlackToken } from '../config/slack-secret.js';
import type { Runbook } from '../domain/runbooks/schema.js';
import type { Log } from '../service/logger.js';
import type { Deliverer } from '../service/lookout.js';
import { DeliveryHealth } from '../slack/delivery-health.js';
import { createSlackDelivery } from '../slack/slack-delivery.js';
import { createStore, type Store } from '../store/store.js';

/** What every Lookout Lambda shares: structured logs, its parsed setup, the store and Slack delivery. */
export const logger = new Logger({ serviceName: 'lookout' });

/** The service's Log over Powertools' structured JSON logger. */
export const log: Log = {
  debug: (message, extra) => logger.debug(message, { ...extra }),
  info: (message, extra) => logger.info(message, { ...extra }),
  warn: (message, extra) => logger.warn(message, { ...extra }),
  error: (message, extra) => logger.error(message, { ...extra }),
};

export interface LambdaSetup {
  env: LambdaEnv;
  config: LookoutConfig;
}

/** Parsed once per container: a bad environment fails every invocation loudly, with the field named. */
export function readLambdaSetup(env: NodeJS.ProcessEnv, what = 'Lambda'): LambdaSetup {
  const parsedEnv = parseEnv(lambdaEnvSchema, env, what);
  let raw: unknown;
  try {
    raw = JSON.parse(parsedEnv.LOOKOUT_CONFIG);
  } catch (cause) {
    throw new ConfigError(
      'LOOKOUT_CONFIG is not JSON (it is written by the CDK stack from lookout.config.yaml)',
      { cause },
    );
  }
  const config = configSchema.safeParse(raw);
  if (!config.success) throw new ConfigError(describeIssues('LOOKOUT_CONFIG', config.error));
  return { env: parsedEnv, config: config.data };
}

let shared: { store: Store; secrets: SecretsManagerClient; runbooks: Runbook[] } | undefined;

/** Clients and runbooks live as long as the container. */
export function containerOf(env: LambdaEnv) {
  shared ??= {
    store: createStore(new DynamoDBClient({}), env.TABLE_NAME),
    secrets: new SecretsManagerClient({}),
    runbooks: loadRunbooks(env.RUNBOOK_DIR ? { dir: env.RUNBOOK_DIR } : {}),
  };
  return shared;
}

let lastGoodToken: string | undefined;
/** Per container: token trouble is logged when it starts and when it ends, not every minute. */
const slackHealth = new DeliveryHealth(
  'Put a working bot token into the Slack secret (and add any missing scope to the app, then reinstall it); the next run reads it again.',
);

/**
 * The Slack token, read fresh each run. If Secrets Manager fails (throttled, impaired — likely in the
 * very regional outage Lookout exists for) or holds a bad value, work goes on: with the last token that
 * worked, or with Slack off, and the failure is logged. Detection never waits on Slack's secret.
 */
async function slackToken(secrets: SecretsManagerClient, arn: string): Promise<string | undefined> {
  try {
    lastGoodToken = await readSlackToken(secrets, arn);
  } catch (error) {
    log.error('cannot read the Slack token; continuing', {
      error: String(error),
      using: lastGoodToken ? 'the last token that worked' : 'no Slack this run',
    });
  }
  return lastGoodToken;
}

/**
 * Slack delivery for one run, or undefined when Slack is off. The token is read on every run, so a
 * token put into the secret takes effect on the next run without a redeploy.
 */
export async function slackFor(
  setup: LambdaSetup,
  deadline: () => number,
): Promise<{ channel: string; deliverer: Deliverer } | undefined> {
  const { env, config } = setup;
  const { store, secrets, runbooks } = containerOf(env);
  const token = env.SLACK_SECRET_ARN ? await slackToken(secrets, env.SLACK_SECRET_ARN) : undefined;
  const channel = config.slack.channel;
  if (!token || !channel) {
    log.warn('Slack is off: no bot token in the secret or no slack.channel in the config');
    return undefined;
  }
  return {
    channel,
    deliverer: createSlackDelivery({
      token,
      apiUrl: env.SLACK_API_URL,
      store,
      runbooks,
      logger: log,
      health: slackHealth,
      giveUpAfterMinutes: config.slack.giveUpAfterMinutes,
      deadline,
    }),
  };
}
