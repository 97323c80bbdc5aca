import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from '../shared/zod.js';
import { ConfigError } from './errors.js';

/**
 * The secret the CDK stack creates: `{"botToken":"xoxb-...","signingSecret":"..."}`. Every key is
 * optional, so a secret written before the two-way app (`{"botToken":"..."}` only) still parses; an
 * empty token means Slack is off. `botId`/`botUserId` (optional) spare Bolt its `auth.test`.
 */
const slackSecretSchema = z.object({
  botToken: z.optional(
    z.union([
      z.literal(''),
      z.string().check(z.regex(/^xox[a-z]-/, 'botToken: expected a Slack bot token starting with xoxb-')),
    ]),
  ),
  signingSecret: z.optional(z.string()),
  botId: z.optional(z.string().check(z.regex(/^B[A-Z0-9]+$/, 'botId: expected a bot id such as B0123ABCD'))),
  botUserId: z.optional(
    z.string().check(z.regex(/^[UW][A-Z0-9]+$/, 'botUserId: expected a member id such as U0123ABCD')),
  ),
});

/** What the Slack secret holds, empty strings read as absent. */
export interface SlackSecret {
  botToken?: string;
  signingSecret?: string;
  botId?: string;
  botUserId?: string;
}

const EXPECTED = '{"botToken":"xoxb-...","signingSecret":"..."}';

export async function readSlackSecret(client: SecretsManagerClient, secretArn: string): Promise<SlackSecret> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  let raw: unknown;
  try {
    raw = JSON.parse(out.SecretString ?? '{}');
  } catch (cause) {
    throw new ConfigError(`Slack secret ${secretArn} is not JSON; expected ${EXPECTED}`, { cause });
  }
  const parsed = slackSecretSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      `Slack secret ${secretArn}: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  const secret: SlackSecret = {};
  for (const key of ['botToken', 'signingSecret', 'botId', 'botUserId'] as const) {
    const value = parsed.data[key];
    if (value) secret[key] = value;
  }
  return secret;
}

export async function readSlackToken(
  client: SecretsManagerClient,
  secretArn: string,
): Promise<string | undefined> {
  return (await readSlackSecret(client, secretArn)).botToken;
}
