import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { FakeLambdaInvoke } from '../support/fake-lambda-invoke.js';
import { FakeSecretsManager } from '../support/secrets-manager-server.js';
import { ackBody } from '../support/slack-app-harness.js';
import { formBody, signedFunctionUrlEvent } from '../support/slack-signing.js';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:lookout-slack-AbCdEf';
const SIGNING_SECRET = 'signing-secret-from-the-slack-secret';
const WORKER = 'lookout-slack-worker';
const NAME = 'api.example.test';

const context = { awsRequestId: 'req-1', functionName: 'slack' } as unknown as Context;

type Handler = (event: unknown, context: Context) => Promise<{ statusCode: number; body: string }>;

/**
 * The Slack Lambda's and the worker's real modules, invoked as a Function URL and an asynchronous Invoke
 * would, their AWS clients pointed at loopback servers through the SDK's endpoint variables: the store
 * (dynalite), Secrets Manager (the Slack secret), Lambda (the worker's Invoke) and the Slack emulator.
 */
describe('Lambda: the Slack handler and its worker (real modules, end to end)', () => {
  let db: TestStore;
  let dns: DemoDnsServer;
  let slack: FakeSlack;
  let secrets: FakeSecretsManager;
  let lambda: FakeLambdaInvoke;
  let handler: Handler;
  let worker: (event: unknown, context: Context) => Promise<void>;

  beforeAll(async () => {
    db = await startTestStore();
    dns = new DemoDnsServer({ zones: [{ origin: 'example.test', negativeTtl: 30 }] });
    const resolver = await dns.start();
    dns.setRecords(NAME, 'TXT', ['v=spf1 -all'], 300);
    slack = await new FakeSlack({ channels: ['C0ALERTS'] }).start();
    secrets = new FakeSecretsManager();
    await secrets.start();
    secrets.secrets.set(
      SECRET_ARN,
      JSON.stringify({ botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET }),
    );
    lambda = await new FakeLambdaInvoke([WORKER]).start();
    Object.assign(process.env, {
      TABLE_NAME: db.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: db.dynamo.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: db.dynamo.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: db.dynamo.credentials.secretAccessKey,
      SLACK_SECRET_ARN: SECRET_ARN,
      SLACK_API_URL: slack.url,
      SLACK_WORKER_FUNCTION: WORKER,
      POWERTOOLS_LOG_LEVEL: 'CRITICAL',
      LOOKOUT_CONFIG: JSON.stringify({
        probe: { timeoutMs: 5_000, resolvers: [resolver] },
        slack: { channel: 'C0ALERTS' },
        targets: [{ name: NAME, type: 'TXT' }],
      }),
    });
    ({ handler } = (await import('../../lambda/handlers/slack.js')) as unknown as { handler: Handler });
    ({ handler: worker } = await import('../../lambda/handlers/slack-worker.js'));
  });

  afterAll(async () => {
    await Promise.all([db.close(), dns.stop(), slack.stop(), secrets.stop(), lambda.stop()]);
  });

  it('is a 2-argument handler (Node 24 Lambda refuses callback handlers)', () => {
    expect(handler.length).toBe(2);
  });

  it('refuses a request signed with anything but the secret’s signing secret with 401', async () => {
    const body = formBody({
      ...slack.slashCommand({ command: '/lookout', text: 'help', user: 'U0ALICE', channel: 'C0ALERTS' }),
    });

    const response = await handler(
      signedFunctionUrlEvent(body, { signingSecret: 'another-secret' }),
      context,
    );

    expect(response.statusCode).toBe(401);
  });

  it('acknowledges `check`, invokes the worker, and the worker answers through the response URL', async () => {
    // Prepare
    const payload = slack.slashCommand({
      command: '/lookout',
      text: `check ${NAME} txt`,
      user: 'U0ALICE',
      channel: 'C0ALERTS',
    });

    // Act
    const ack = await handler(
      signedFunctionUrlEvent(formBody({ ...payload }), { signingSecret: SIGNING_SECRET }),
      context,
    );
    const [invoke] = await lambda.received(1);
    await worker(invoke?.payload, context);

    // Assess
    expect(ack.statusCode).toBe(200);
    expect(ackBody(ack).text).toBe(
      `Asking Lookout's resolvers for \`${NAME}\` TXT; their answers follow here.`,
    );
    expect(invoke?.invocationType).toBe('Event');
    const answer = slack.ephemerals.find((e) => e.via === 'response_url');
    expect(answer?.text).toContain('→ ANSWER (NOERROR) — v=spf1 -all · TTL 300 s');
    expect(slack.count('auth.test')).toBe(0);
  });
});
