import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SlackSetup } from '../app/slack.js';
import { calmSettingsOf } from '../config/calm-schema.js';
import { COMPILED_SETUP_FILE, readCompiledSetup } from '../config/compiled-setup.js';
import { configSchema, type LookoutConfig } from '../config/config-schema.js';
import { describeIssues } from '../config/describe-issues.js';
import { type LambdaEnv, lambdaEnvSchema, parseEnv } from '../config/env.js';
import { ConfigError } from '../config/errors.js';
import { readSlackToken } from '../config/slack-secret.js';
import type { Runbook } from '../domain/runbooks/schema.js';
import type { Log } from '../ports/log.js';
import { DeliveryHealth } from '../slack/delivery-health.js';
import { createStore, type Store } from '../store/store.js';

/** What every Lookout Lambda shares: structured logs, its parsed setup, the store and Slack delivery. */
export const logger = new Logger({ serviceName: 'lookout' });

/** The service's Log over Powertools' structured JSON logger. */
export const log: Log = {
  debug: (message, extra) => logger.debug(message, { ...extra }),
  info: (message, extra) => logger.info(message, { ...extra }),
  warn: (message, extra) => logger.warn(message, { ...extra }),
  // An Error under any key is formatted by Powertools with its stack and cause chain.
  error: (message, error, extra) =>
    logger.error(message, { ...extra, ...(error === undefined ? {} : { error }) }),
};

export interface LambdaSetup {
  env: LambdaEnv;
  config: LookoutConfig;
  /** Compiled at synth; undefined when running from the source tree, where they are read from YAML. */
  runbooks: Runbook[] | undefined;
}

/** In a bundle this is the asset root, where `cdk synth` put the compiled setup beside index.mjs. */
const BESIDE_BUNDLE = new URL(`./${COMPILED_SETUP_FILE}`, import.meta.url);

/**
 * Parsed once per container: a bad environment fails every invocation loudly, with the field named.
 * Config and runbooks come from the setup `cdk synth` compiled beside the bundle; only without one (the
 * handlers run from the source tree) does the config come from `LOOKOUT_CONFIG`.
 */
export function readLambdaSetup(
  env: NodeJS.ProcessEnv,
  what = 'Lambda',
  compiledFile: string | URL = BESIDE_BUNDLE,
): LambdaSetup {
  const parsedEnv = parseEnv(lambdaEnvSchema, env, what);
  const compiled = readCompiledSetup(compiledFile);
  if (compiled) return { env: parsedEnv, config: compiled.config, runbooks: compiled.runbooks };
  if (!parsedEnv.LOOKOUT_CONFIG) {
    throw new ConfigError(
      `${what}: no ${COMPILED_SETUP_FILE} beside the code (cdk synth writes it) and no LOOKOUT_CONFIG`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(parsedEnv.LOOKOUT_CONFIG);
  } catch (cause) {
    throw new ConfigError(
      'LOOKOUT_CONFIG is not JSON (the config as JSON, as lookout.config.yaml holds it)',
      {
        cause,
      },
    );
  }
  const config = configSchema.safeParse(raw);
  if (!config.success) throw new ConfigError(describeIssues('LOOKOUT_CONFIG', config.error));
  return { env: parsedEnv, config: config.data, runbooks: undefined };
}

let shared: { store: Store; secrets: SecretsManagerClient } | undefined;

/** Clients live as long as the container. */
export function containerOf(env: LambdaEnv) {
  shared ??= {
    store: createStore(new DynamoDBClient({}), env.TABLE_NAME),
    secrets: new SecretsManagerClient({}),
  };
  return shared;
}

let sourceRunbooks: Promise<Runbook[]> | undefined;

/**
 * The runbooks: compiled at synth, or (source tree only) read from YAML once per container. The YAML
 * loader is imported through a variable so esbuild cannot follow it: a bundle never carries `yaml`, and
 * always has its compiled runbooks.
 */
export function runbooksOf(setup: LambdaSetup): Promise<Runbook[]> {
  if (setup.runbooks) return Promise.resolve(setup.runbooks);
  sourceRunbooks ??= (async () => {
    const loader = '../config/load-runbooks.js';
    const { loadRunbooks } = (await import(loader)) as typeof import('../config/load-runbooks.js');
    return loadRunbooks(setup.env.RUNBOOK_DIR ? { dir: setup.env.RUNBOOK_DIR } : {});
  })();
  return sourceRunbooks;
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
    log.error('cannot read the Slack token; continuing', error, {
      using: lastGoodToken ? 'the last token that worked' : 'no Slack this run',
    });
  }
  return lastGoodToken;
}

/**
 * Slack for one run, or undefined when Slack is off. The token is read on every run, so a token put
 * into the secret takes effect on the next run without a redeploy.
 */
export async function slackFor(setup: LambdaSetup): Promise<SlackSetup | undefined> {
  const { env, config } = setup;
  const { secrets } = containerOf(env);
  const runbooks = await runbooksOf(setup);
  const token = env.SLACK_SECRET_ARN ? await slackToken(secrets, env.SLACK_SECRET_ARN) : undefined;
  const channel = config.slack.channel;
  if (!token || !channel) {
    log.warn('Slack is off: no bot token in the secret or no slack.channel in the config');
    return undefined;
  }
  return {
    channel,
    token,
    apiUrl: env.SLACK_API_URL,
    runbooks,
    health: slackHealth,
    giveUpAfterMinutes: config.slack.giveUpAfterMinutes,
    incidentChannels: config.slack.incidentChannels,
    calm: calmSettingsOf(config.slack.calm),
    restore: config.route53,
  };
}
