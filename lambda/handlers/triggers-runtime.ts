import { createTriggersApp, type TriggersApp } from '../app/triggers.js';
import { parseEnv } from '../config/env.js';
import { readTriggerSecrets, triggerSecretsFromEnv, triggersEnvSchema } from '../config/trigger-secrets.js';
import type { TriggerSecrets } from '../sources/triggers/trigger-secrets.js';
import { containerOf, type LambdaSetup, log, runbooksOf, slackFor } from './lambda-runtime.js';

/** Secrets are read again after this long: a rotation takes effect within a minute, without a redeploy. */
const SECRETS_FRESH_MS = 60_000;
let cached: { at: number; secrets: TriggerSecrets } | undefined;

/**
 * The trigger secrets: from the trigger secret (TRIGGER_SECRET_ARN) on AWS, else from the
 * environment. When Secrets Manager fails the last secrets read are used, and without any the error
 * reaches the sender as 500 (it retries), never as an open door.
 */
function secretsOf(setup: LambdaSetup, env: NodeJS.ProcessEnv): () => Promise<TriggerSecrets> {
  const { TRIGGER_SECRET_ARN: arn } = parseEnv(triggersEnvSchema, env, 'Triggers Lambda');
  if (!arn) return () => Promise.resolve(triggerSecretsFromEnv(env));
  const { secrets } = containerOf(setup.env);
  return async () => {
    if (cached && Date.now() - cached.at < SECRETS_FRESH_MS) return cached.secrets;
    try {
      cached = { at: Date.now(), secrets: await readTriggerSecrets(secrets, arn) };
    } catch (error) {
      if (!cached) throw error;
      log.error('cannot read the trigger secret; using the last read', error);
    }
    return cached.secrets;
  };
}

/** The triggers flow for one invocation: the container's store, the runbooks, Slack as its secret says now. */
export async function triggersApp(
  setup: LambdaSetup,
  deadline: () => number,
  owner: string,
): Promise<TriggersApp> {
  return createTriggersApp({
    config: setup.config,
    store: containerOf(setup.env).store,
    runbooks: await runbooksOf(setup),
    secrets: secretsOf(setup, process.env),
    log,
    now: () => new Date(),
    channel: setup.config.slack.channel,
    slack: await slackFor(setup),
    deadline,
    owner,
  });
}
