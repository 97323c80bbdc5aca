import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { SLACK_SECRET_REREAD_EVERY_MS } from '../../lambda/handlers/slack-secret-runtime.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { FakeSecretsManager } from '../support/secrets-manager-server.js';
import { ackBody } from '../support/slack-app-harness.js';
import { formBody, signedFunctionUrlEvent } from '../support/slack-signing.js';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:lookout-slack-AbCdEf';
const context = { awsRequestId: 'req-1', functionName: 'slack' } as unknown as Context;
type Handler = (event: unknown, context: Context) => Promise<{ statusCode: number; body: string }>;

/**
 * The Slack Lambda's real module in one warm container, its Slack secret in a loopback Secrets Manager:
 * a signing secret rotated there is used without a new container. The clock is vitest's (Date only),
 * so the re-read window passes without waiting; requests are signed on the same clock.
 */
describe('Lambda: the Slack handler picks up a rotated signing secret while warm', () => {
  let db: TestStore;
  let slack: FakeSlack;
  let secrets: FakeSecretsManager;
  let reads = 0;
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await startTestStore();
    slack = await new FakeSlack({ channels: ['C0ALERTS'] }).start();
    secrets = new FakeSecretsManager();
    await secrets.start();
    const get = secrets.secrets.get.bind(secrets.secrets);
    secrets.secrets.get = (key: string) => {
      reads += 1;
      return get(key);
    };
    Object.assign(process.env, {
      TABLE_NAME: db.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: db.dynamo.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: db.dynamo.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: db.dynamo.credentials.secretAccessKey,
      SLACK_SECRET_ARN: SECRET_ARN,
      SLACK_API_URL: slack.url,
      SLACK_WORKER_FUNCTION: 'lookout-slack-worker',
      POWERTOOLS_LOG_LEVEL: 'CRITICAL',
      LOOKOUT_CONFIG: JSON.stringify({
        probe: { resolvers: ['127.0.0.1:53'] },
        targets: [{ name: 'api.example.test' }],
      }),
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    process.env = saved;
    await Promise.all([db.close(), slack.stop(), secrets.stop()]);
  });

  const help = () =>
    formBody({
      ...slack.slashCommand({ command: '/lookout', text: 'help', user: 'U0ALICE', channel: 'C0ALERTS' }),
    });

  it('answers requests signed with the new secret after a rotation, and refuses the old one', async () => {
    // Prepare: a warm container that has answered under the first secret.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    secrets.secrets.set(SECRET_ARN, JSON.stringify({ botToken: 'xoxb-test-token', signingSecret: 'first' }));
    vi.resetModules();
    const { handler } = (await import('../../lambda/handlers/slack.js')) as unknown as { handler: Handler };
    const warm = await handler(signedFunctionUrlEvent(help(), { signingSecret: 'first' }), context);
    expect(warm.statusCode).toBe(200);
    const readsWhenWarm = reads;

    // Act: the secret is rotated; a flood of forged requests, then Slack's requests under the new secret.
    secrets.secrets.set(SECRET_ARN, JSON.stringify({ botToken: 'xoxb-test-token', signingSecret: 'second' }));
    vi.setSystemTime(Date.now() + SLACK_SECRET_REREAD_EVERY_MS);
    const forged = [];
    for (let i = 0; i < 20; i++)
      forged.push(await handler(signedFunctionUrlEvent(help(), { signingSecret: 'forged' }), context));
    const rotated = await handler(signedFunctionUrlEvent(help(), { signingSecret: 'second' }), context);
    const old = await handler(signedFunctionUrlEvent(help(), { signingSecret: 'first' }), context);

    // Assess: the forged flood read the secret once, and that read found the new secret.
    expect(forged.map((r) => r.statusCode)).toEqual(Array(20).fill(401));
    expect(reads - readsWhenWarm).toBe(1);
    expect(rotated.statusCode).toBe(200);
    expect(ackBody(rotated).text).toContain('Lookout in Slack');
    expect(old.statusCode).toBe(401);
  });
});
