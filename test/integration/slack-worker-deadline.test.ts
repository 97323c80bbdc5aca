import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { WORKER_DELIVERY_MARGIN_MS } from '../../lambda/slack/app/worker/deliver.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { incidentFixture } from '../support/incidents.js';
import { FakeSecretsManager } from '../support/secrets-manager-server.js';
import { timelineEntryMaker } from '../support/slack-fixtures.js';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:lookout-slack-AbCdEf';
const CHANNEL = 'C0ALERTS';
const T0 = Date.parse('2026-12-02T10:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const entry = timelineEntryMaker({ at });

/** A worker invocation with this much of its timeout left (what Lambda's context reports). */
const invocation = (remainingMs: number) =>
  ({
    awsRequestId: 'req-worker',
    functionName: 'lookout-slack-worker',
    getRemainingTimeInMillis: () => remainingMs,
  }) as unknown as Context;

/**
 * The worker Lambda's real module, its clients on loopback servers: a `deliver` job sends the outbox
 * only while the invocation has time left beyond the delivery margin; the rest waits, never lost.
 */
describe("Lambda: the Slack worker's delivery stops before the invocation's deadline", () => {
  let db: TestStore;
  let slack: FakeSlack;
  let secrets: FakeSecretsManager;
  let worker: (event: unknown, context: Context) => Promise<void>;
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await startTestStore();
    slack = await new FakeSlack({ channels: [CHANNEL], rateLimit: false }).start();
    secrets = new FakeSecretsManager();
    await secrets.start();
    secrets.secrets.set(SECRET_ARN, JSON.stringify({ botToken: 'xoxb-test-token', signingSecret: 's' }));
    Object.assign(process.env, {
      TABLE_NAME: db.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: db.dynamo.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: db.dynamo.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: db.dynamo.credentials.secretAccessKey,
      SLACK_SECRET_ARN: SECRET_ARN,
      SLACK_API_URL: slack.url,
      POWERTOOLS_LOG_LEVEL: 'CRITICAL',
      LOOKOUT_CONFIG: JSON.stringify({
        probe: { resolvers: ['127.0.0.1:53'] },
        slack: { channel: CHANNEL },
        targets: [{ name: 'api.example.test' }],
      }),
    });
    ({ handler: worker } = await import('../../lambda/handlers/slack-worker.js'));
  });

  afterAll(async () => {
    process.env = saved;
    await Promise.all([db.close(), slack.stop(), secrets.stop()]);
  });

  it('near the deadline sends nothing, releases the lease and leaves the messages pending; the next delivery sends them', async () => {
    // Prepare: an incident whose opening and a note wait in the outbox.
    await db.store.incidents.create(
      incidentFixture({ id: 'inc-late', channel: CHANNEL, openedAt: at(0), facts: { baseline: 8 } }),
    );
    for (const [i, kind] of (['OPENED', 'NOTE'] as const).entries()) {
      const e = entry('inc-late', i, kind);
      await db.store.incidents.appendTimeline(e);
      await db.store.outbox.enqueue(CHANNEL, e, at(i));
    }
    const posts = () => slack.traffic().filter((c) => c.method === 'chat.postMessage').length;

    // Act: a job that starts with less time left than the margin.
    await worker({ kind: 'deliver', id: 'deliver-late' }, invocation(WORKER_DELIVERY_MARGIN_MS - 1_000));

    // Assess: nothing posted, both still pending, and nobody holds the outbox.
    expect(posts()).toBe(0);
    expect(await db.store.outbox.listPending(10, CHANNEL)).toHaveLength(2);
    const holder = await db.store.leases.holder('outbox');
    expect(holder === undefined || holder.expiresAtMs <= Date.now()).toBe(true);

    // Act: the next delivery, with time to spare.
    await worker({ kind: 'deliver', id: 'deliver-next' }, invocation(100_000));

    // Assess: the root and its reply went out, and the outbox is empty.
    expect(posts()).toBe(2);
    expect(await db.store.outbox.listPending(10, CHANNEL)).toEqual([]);
  });
});
