import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { FakeSecretsManager } from '../support/secrets-manager-server.js';
import { functionUrlEvent, genericHeaders, pagerDutyHeaders, triggerFixture } from '../support/triggers.js';

const SLACK_SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:lookout-slack-AbCdEf';
const TRIGGER_SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:lookout-triggers-GhIjKl';

function context(): Context {
  const end = Date.now() + 30_000;
  return {
    getRemainingTimeInMillis: () => end - Date.now(),
    awsRequestId: 'req-1',
    functionName: 'triggers',
  } as unknown as Context;
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * The triggers Lambda's real module, its secrets read from Secrets Manager (a loopback server), its
 * store on dynalite and its posts to the Slack emulator, invoked as a Function URL and EventBridge do.
 */
describe('Lambda: triggers handler (Function URL and EventBridge, end to end)', () => {
  let db: TestStore;
  let slack: FakeSlack;
  let secrets: FakeSecretsManager;
  let handler: Handler;

  beforeAll(async () => {
    db = await startTestStore();
    slack = await new FakeSlack({ channels: ['C0ALERTS'], rateLimit: false }).start();
    secrets = new FakeSecretsManager();
    await secrets.start();
    secrets.secrets.set(SLACK_SECRET, JSON.stringify({ botToken: 'xoxb-test-token' }));
    // Rotation: the subscription's old and new secrets are both held until the old one is removed.
    secrets.secrets.set(
      TRIGGER_SECRET,
      JSON.stringify({
        triggerSecret: 'generic-secret',
        pagerdutySecrets: ['pd-new', 'pd-old'],
        alertmanagerToken: 'am-token',
      }),
    );
    Object.assign(process.env, {
      TABLE_NAME: db.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: db.dynamo.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: db.dynamo.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: db.dynamo.credentials.secretAccessKey,
      SLACK_SECRET_ARN: SLACK_SECRET,
      TRIGGER_SECRET_ARN: TRIGGER_SECRET,
      SLACK_API_URL: slack.url,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      LOOKOUT_CONFIG: JSON.stringify({
        slack: { channel: 'C0ALERTS' },
        targets: [{ name: 'dynamodb.us-east-1.amazonaws.com' }],
      }),
    });
    ({ handler } = (await import('../../lambda/handlers/triggers.js')) as { handler: Handler });
  });

  afterAll(async () => {
    await Promise.all([db.close(), slack.stop(), secrets.stop()]);
  });

  it('opens the incident of a PagerDuty webhook signed with the old secret during rotation, and posts it before answering', async () => {
    const raw = triggerFixture('pagerduty-incident-triggered.json');
    const result = (await handler(
      functionUrlEvent('/pagerduty', raw, pagerDutyHeaders(['pd-old'], raw), { base64: true }),
      context(),
    )) as {
      statusCode: number;
      body: string;
    };
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).results[0].outcome).toBe('opened');
    const [incident] = await db.store.incidents.list(10);
    expect(incident?.targetId).toBe('trigger:pagerduty:PGR0VU2');
    expect(slack.roots('C0ALERTS')).toHaveLength(1);
    expect(incident?.slack?.channel).toBe('C0ALERTS');
  });

  it('answers a badly signed request 401 with a JSON reason', async () => {
    const raw = JSON.stringify({ name: 'checkout-api' });
    const result = (await handler(
      functionUrlEvent('/trigger', raw, genericHeaders('guess', raw, new Date())),
      context(),
    )) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    expect(result.statusCode).toBe(401);
    expect(result.headers['content-type']).toBe('application/json');
    expect(JSON.parse(result.body)).toEqual({
      ok: false,
      reason: 'X-Lookout-Signature: does not match the timestamp and body',
    });
  });

  it('takes an EventBridge lookout.trigger event through the same app', async () => {
    const result = (await handler(JSON.parse(triggerFixture('eventbridge-trigger.json')), context())) as {
      outcome: string;
    }[];
    expect(result.map((r) => r.outcome)).toEqual(['opened']);
    const subjects = (await db.store.incidents.list(10)).map((i) => i.targetId).sort();
    expect(subjects).toEqual(['trigger:generic:payments-worker', 'trigger:pagerduty:PGR0VU2']);
  });
});
