import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSlackSecret, readSlackToken } from '../../lambda/config/slack-secret.js';
import { FakeSecretsManager } from '../support/secrets-manager-server.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:lookout-slack-AbCdEf';

describe('Function: readSlackSecret (the Slack secret, read from a Secrets Manager on loopback)', () => {
  const server = new FakeSecretsManager();
  let client: SecretsManagerClient;

  beforeAll(async () => {
    await server.start();
    client = new SecretsManagerClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
    });
  });
  afterAll(() => server.stop());

  it('reads the two-way app’s keys', async () => {
    server.secrets.set(
      ARN,
      JSON.stringify({
        botToken: 'xoxb-1',
        signingSecret: 's3cret',
        botId: 'B0LOOKOUT',
        botUserId: 'U0LOOKOUT',
      }),
    );

    expect(await readSlackSecret(client, ARN)).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 's3cret',
      botId: 'B0LOOKOUT',
      botUserId: 'U0LOOKOUT',
    });
  });

  it.each([
    ['a secret from before the two-way app', { botToken: 'xoxb-1' }, { botToken: 'xoxb-1' }],
    ['the stack’s empty secret', { botToken: '' }, {}],
    ['an empty object', {}, {}],
    ['a signing secret alone', { signingSecret: 's' }, { signingSecret: 's' }],
  ])('still parses %s', async (_what, stored, expected) => {
    server.secrets.set(ARN, JSON.stringify(stored));

    expect(await readSlackSecret(client, ARN)).toEqual(expected);
  });

  it('keeps readSlackToken for the delivery flows', async () => {
    server.secrets.set(ARN, JSON.stringify({ botToken: 'xoxb-2', signingSecret: 's' }));

    expect(await readSlackToken(client, ARN)).toBe('xoxb-2');
  });

  it.each([
    ['a token that is not a bot token', { botToken: 'nope' }, /botToken: expected a Slack bot token/],
    ['a bot id that is not one', { botId: 'U123' }, /botId: expected a bot id/],
    ['not JSON', 'xoxb-plain', /is not JSON; expected \{"botToken":"xoxb-...","signingSecret":"..."\}/],
  ])('refuses %s, naming the key', async (_what, stored, message) => {
    server.secrets.set(ARN, typeof stored === 'string' ? stored : JSON.stringify(stored));

    await expect(readSlackSecret(client, ARN)).rejects.toThrow(message);
  });
});
