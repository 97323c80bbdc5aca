import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { FakeSecretsManager } from '../support/secrets-manager-server.js';
import { ackBody } from '../support/slack-app-harness.js';
import { formBody, signedFunctionUrlEvent } from '../support/slack-signing.js';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:lookout-slack-AbCdEf';
const context = { awsRequestId: 'req-1', functionName: 'slack' } as unknown as Context;
type Handler = (event: unknown, context: Context) => Promise<{ statusCode: number; body: string }>;

/** The Slack Lambda's real module, loaded afresh (a new container) for each environment. */
async function coldStart(): Promise<Handler> {
  vi.resetModules();
  return ((await import('../../lambda/handlers/slack.js')) as unknown as { handler: Handler }).handler;
}

describe('Lambda: where the Slack handler takes its signing secret from', () => {
  let db: TestStore;
  let slack: FakeSlack;
  let secrets: FakeSecretsManager;
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await startTestStore();
    slack = await new FakeSlack({ channels: ['C0ALERTS'] }).start();
    secrets = new FakeSecretsManager();
    await secrets.start();
  });
  beforeEach(() => {
    process.env = {
      ...saved,
      TABLE_NAME: db.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: db.dynamo.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: db.dynamo.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: db.dynamo.credentials.secretAccessKey,
      SLACK_API_URL: slack.url,
      SLACK_WORKER_FUNCTION: 'lookout-slack-worker',
      POWERTOOLS_LOG_LEVEL: 'CRITICAL',
      LOOKOUT_CONFIG: JSON.stringify({
        probe: { resolvers: ['127.0.0.1:53'] },
        targets: [{ name: 'api.example.test' }],
      }),
    };
  });
  afterAll(async () => {
    process.env = saved;
    await Promise.all([db.close(), slack.stop(), secrets.stop()]);
  });

  const help = () =>
    formBody({
      ...slack.slashCommand({ command: '/lookout', text: 'help', user: 'U0ALICE', channel: 'C0ALERTS' }),
    });

  it('SLACK_SIGNING_SECRET, when set, wins over the Slack secret', async () => {
    secrets.secrets.set(
      SECRET_ARN,
      JSON.stringify({ botToken: 'xoxb-test-token', signingSecret: 'from-the-secret' }),
    );
    Object.assign(process.env, { SLACK_SECRET_ARN: SECRET_ARN, SLACK_SIGNING_SECRET: 'from-the-env' });
    const handler = await coldStart();

    const byEnv = await handler(signedFunctionUrlEvent(help(), { signingSecret: 'from-the-env' }), context);
    const bySecret = await handler(
      signedFunctionUrlEvent(help(), { signingSecret: 'from-the-secret' }),
      context,
    );

    expect(byEnv.statusCode).toBe(200);
    expect(ackBody(byEnv).text).toContain('Lookout in Slack');
    expect(bySecret.statusCode).toBe(401);
  });

  it('a secret written before the two-way app (bot token only) plus SLACK_SIGNING_SECRET is enough', async () => {
    secrets.secrets.set(SECRET_ARN, JSON.stringify({ botToken: 'xoxb-test-token' }));
    Object.assign(process.env, { SLACK_SECRET_ARN: SECRET_ARN, SLACK_SIGNING_SECRET: 'from-the-env' });
    const handler = await coldStart();

    const response = await handler(
      signedFunctionUrlEvent(help(), { signingSecret: 'from-the-env' }),
      context,
    );

    expect(response.statusCode).toBe(200);
  });

  it('with no signing secret anywhere, fails saying where to put one, and the next request reads again', async () => {
    secrets.secrets.set(SECRET_ARN, JSON.stringify({ botToken: 'xoxb-test-token' }));
    Object.assign(process.env, { SLACK_SECRET_ARN: SECRET_ARN });
    const handler = await coldStart();

    await expect(handler(signedFunctionUrlEvent(help(), { signingSecret: 'x' }), context)).rejects.toThrow(
      /no signing secret; put "signingSecret" into the Slack secret/,
    );
    secrets.secrets.set(
      SECRET_ARN,
      JSON.stringify({ botToken: 'xoxb-test-token', signingSecret: 'added-later' }),
    );
    const later = await handler(signedFunctionUrlEvent(help(), { signingSecret: 'added-later' }), context);

    expect(later.statusCode).toBe(200);
  });
});
