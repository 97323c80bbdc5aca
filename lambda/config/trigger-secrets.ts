import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from '../shared/zod.js';
import { secretList, type TriggerSecrets } from '../sources/triggers/trigger-secrets.js';
import { ConfigError } from './errors.js';

/** Environment names of the trigger secrets, for local runs and a function without a secret ARN. */
export const TRIGGER_SECRET_ENV = {
  generic: 'LOOKOUT_TRIGGER_SECRET',
  pagerduty: 'LOOKOUT_PAGERDUTY_SECRETS',
  alertmanager: 'LOOKOUT_ALERTMANAGER_TOKEN',
} as const;

/** The trigger secrets from the environment; each is comma-separated where several may be active. */
export function triggerSecretsFromEnv(env: Readonly<Record<string, string | undefined>>): TriggerSecrets {
  const token = env[TRIGGER_SECRET_ENV.alertmanager]?.trim();
  return {
    generic: secretList(env[TRIGGER_SECRET_ENV.generic]),
    pagerduty: secretList(env[TRIGGER_SECRET_ENV.pagerduty]),
    ...(token ? { alertmanager: token } : {}),
  };
}

const list = z.optional(z.union([z.string(), z.array(z.string())]));

/**
 * The triggers' own secret (not a key of the Slack secret): its values rotate on the on-call tools'
 * schedule, by whoever administers them, and the Slack app's function never needs to read them.
 * `{"triggerSecret": "…", "pagerdutySecrets": ["…", "…"], "alertmanagerToken": "…"}`; lists may also
 * be comma-separated strings. A missing key leaves that sender refused (401).
 */
const triggerSecretSchema = z.object({
  triggerSecret: list,
  pagerdutySecrets: list,
  alertmanagerToken: z.optional(z.string()),
});

export async function readTriggerSecrets(
  client: SecretsManagerClient,
  secretArn: string,
): Promise<TriggerSecrets> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  let raw: unknown;
  try {
    raw = JSON.parse(out.SecretString ?? '{}');
  } catch (cause) {
    throw new ConfigError(`trigger secret ${secretArn} is not JSON`, { cause });
  }
  const parsed = triggerSecretSchema.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`trigger secret ${secretArn}: ${why}`);
  }
  const token = parsed.data.alertmanagerToken?.trim();
  return {
    generic: secretList(parsed.data.triggerSecret),
    pagerduty: secretList(parsed.data.pagerdutySecrets),
    ...(token ? { alertmanager: token } : {}),
  };
}

/** The triggers function's own variable, beside those every Lookout Lambda has. */
export const triggersEnvSchema = z.object({
  /** Secrets Manager ARN of the trigger secret; without it the secrets come from the environment. */
  TRIGGER_SECRET_ARN: z.optional(z.string().check(z.trim(), z.startsWith('arn:'))),
});
