import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { configSchema, type LookoutConfig } from '../config/config-schema.js';
import { type LambdaEnv, lambdaEnvSchema, parseEnv } from '../config/env.js';
import { ConfigError } from '../config/errors.js';
import { describeIssues, resolveTargets } from '../config/load-config.js';
import { loadRunbooks } from '../config/load-runbooks.js';
import { readSlackToken } from '../config/slack-secret.js';
import type { Runbook } from '../domain/runbooks/schema.js';
import type { Target } from '../domain/targets.js';
import type { Log } from '../service/logger.js';
import { createLookout, type Lookout } from '../service/lookout.js';
import { createSlackClient } from '../slack/client.js';
import { OutboxSender } from '../slack/outbox-sender.js';
import { SlackPoster } from '../slack/slack-poster.js';
import { DnsProbe } from '../sources/dns/dns-probe.js';
import { systemResolvers } from '../sources/dns/system-resolvers.js';
import { createStore, type Store } from '../store/store.js';

export const logger = new Logger({ serviceName: 'lookout' });

/** The service's Log over Powertools' structured JSON logger. */
export const log: Log = {
  debug: (message, extra) => logger.debug(message, { ...extra }),
  info: (message, extra) => logger.info(message, { ...extra }),
  warn: (message, extra) => logger.warn(message, { ...extra }),
  error: (message, extra) => logger.error(message, { ...extra }),
};

/** Parsed once per container: a bad environment fails every invocation loudly, with the field named. */
export function readLambdaSetup(env: NodeJS.ProcessEnv): { env: LambdaEnv; config: LookoutConfig } {
  const parsedEnv = parseEnv(lambdaEnvSchema, env, 'probe Lambda');
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

/** Clients, targets and runbooks live as long as the container; only the Slack token is re-read per run. */
let container:
  | Promise<{ store: Store; targets: Target[]; secrets: SecretsManagerClient; runbooks: Runbook[] }>
  | undefined;

let lastGoodToken: string | undefined;

/**
 * The Slack token, read fresh each run. If Secrets Manager fails (throttled, impaired — likely in the
 * very regional outage Lookout exists for) or holds a bad value, probing goes on: with the last token
 * that worked, or with Slack off, and the failure is logged. Detection never waits on Slack's secret.
 */
async function slackToken(secrets: SecretsManagerClient, arn: string): Promise<string | undefined> {
  try {
    lastGoodToken = await readSlackToken(secrets, arn);
  } catch (error) {
    log.error('cannot read the Slack token; probing continues', {
      error: String(error),
      using: lastGoodToken ? 'the last token that worked' : 'no Slack this run',
    });
  }
  return lastGoodToken;
}

/**
 * Builds the probe's Lookout for one run. The Slack token is read from Secrets Manager on every run
 * (once a minute), so a token put into the secret takes effect on the next run, without a redeploy.
 */
export async function buildProbeLookout(
  setup: { env: LambdaEnv; config: LookoutConfig },
  deadline: () => number,
): Promise<Lookout> {
  const { env, config } = setup;
  container ??= (async () => ({
    store: createStore(new DynamoDBClient({}), env.TABLE_NAME),
    targets: resolveTargets(config, await systemResolvers(), 'LOOKOUT_CONFIG'),
    secrets: new SecretsManagerClient({}),
    runbooks: loadRunbooks(env.RUNBOOK_DIR ? { dir: env.RUNBOOK_DIR } : {}),
  }))();
  const { store, targets, secrets, runbooks } = await container;
  const token = env.SLACK_SECRET_ARN ? await slackToken(secrets, env.SLACK_SECRET_ARN) : undefined;
  const channel = config.slack.channel;
  if (!token || !channel)
    log.warn('Slack is off: no bot token in the secret or no slack.channel in the config');
  const slack =
    token && channel
      ? {
          channel,
          deliverer: new OutboxSender({
            outbox: store.outbox,
            incidents: store.incidents,
            slack: new SlackPoster(
              createSlackClient(token, env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
              { deadline },
            ),
            runbooks,
            clock: () => new Date(),
            logger: log,
            deadline,
          }),
        }
      : undefined;
  return createLookout({
    config,
    targets,
    store,
    prober: new DnsProbe({ timeoutMs: config.probe.timeoutMs }),
    log,
    ...(slack ? { slack } : {}),
  });
}
