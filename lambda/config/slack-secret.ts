import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from '../shared/zod.js';
import { ConfigError } from './errors.js';

/** The secret the CDK stack creates: `{"botToken":"xoxb-..."}`; an empty token means Slack is off. */
const slackSecretSchema = z.object({
  botToken: z.union([
    z.literal(''),
    z.string().check(z.regex(/^xox[a-z]-/, 'botToken: expected a Slack bot token starting with xoxb-')),
  ]),
});

export async function readSlackToken(
  client: SecretsManagerClient,
  secretArn: string,
): Promise<string | undefined> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  let raw: unknown;
  try {
    raw = JSON.parse(out.SecretString ?? '{}');
  } catch (cause) {
    throw new ConfigError(`Slack secret ${secretArn} is not JSON; expected {"botToken":"xoxb-..."}`, {
      cause,
    });
  }
  const parsed = slackSecretSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      `Slack secret ${secretArn}: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  return parsed.data.botToken || undefined;
}
