import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import type { InvocationSummary } from '../../lambda/service/probe-invocation.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { FakeSecretsManager } from '../support/secrets-manager-server.js';

const NAME = 'dynamodb.us-east-1.amazonaws.com';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:lookout-slack-AbCdEf';

function context(remainingMs: number): Context {
  const end = Date.now() + remainingMs;
  return {
    getRemainingTimeInMillis: () => end - Date.now(),
    awsRequestId: 'req-1',
    functionName: 'probe',
  } as unknown as Context;
}

/**
 * A Lambda context whose remaining time the test controls: plenty until `stop()` (bounded, so a run that
 * never sees what the test waits for still ends and fails its assertions), then none — the run finishes
 * its round and returns. The run lasts as many rounds as the story needs, however slow the machine.
 */
function controlledContext(boundMs = 28_000): { context: Context; stop: () => void } {
  const end = Date.now() + boundMs;
  let stopped = false;
  return {
    context: {
      getRemainingTimeInMillis: () => (stopped ? 0 : end - Date.now()),
      awsRequestId: 'req-1',
      functionName: 'probe',
    } as unknown as Context,
    stop: () => {
      stopped = true;
    },
  };
}

/** Polls `condition` until it holds; fails naming `what` after `timeoutMs`. */
async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000) {
  const giveUp = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUp) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The probe Lambda's real module, invoked the way EventBridge does, with its AWS and Slack clients
 * pointed at loopback servers through the SDK's own endpoint variables.
 */
describe('Lambda: probe handler (scheduled run, end to end)', () => {
  let db: TestStore;
  let dns: DemoDnsServer;
  let slack: FakeSlack;
  let secrets: FakeSecretsManager;
  let handler: (event: unknown, context: Context) => Promise<InvocationSummary>;

  beforeAll(async () => {
    db = await startTestStore();
    dns = new DemoDnsServer({ zones: [{ origin: 'us-east-1.amazonaws.com', negativeTtl: 5 }] });
    const resolver = await dns.start();
    dns.setRecords(NAME, 'A', ['10.0.0.1', '10.0.0.2'], 5);
    dns.setRecords(NAME, 'TXT', ['keeps the name'], 5);
    slack = await new FakeSlack({ channels: ['C0ALERTS'], rateLimit: false }).start();
    secrets = new FakeSecretsManager();
    await secrets.start();
    secrets.secrets.set(SECRET_ARN, JSON.stringify({ botToken: 'xoxb-test-token' }));
    Object.assign(process.env, {
      TABLE_NAME: db.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: db.dynamo.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_REGION: 'us-east-1',
      // The embedded store answers only requests signed with its token.
      AWS_ACCESS_KEY_ID: db.dynamo.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: db.dynamo.credentials.secretAccessKey,
      SLACK_SECRET_ARN: SECRET_ARN,
      SLACK_API_URL: slack.url,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      LOOKOUT_CONFIG: JSON.stringify({
        // A generous DNS timeout: a busy machine must not turn the server's answers into timeouts.
        probe: { lambdaIntervalSeconds: 1, timeoutMs: 5_000, resolvers: [resolver] },
        slack: { channel: 'C0ALERTS' },
        targets: [{ name: NAME }],
      }),
    });
    ({ handler } = await import('../../lambda/handlers/probe.js'));
  });

  afterAll(async () => {
    await Promise.all([db.close(), dns.stop(), slack.stop(), secrets.stop()]);
  });

  it('probes every interval within one run, and posts the incident it detects to Slack', async () => {
    // Act: the record goes once a round has seen it; the run ends once the incident is in Slack.
    const { context: run, stop } = controlledContext();
    const invocation = handler({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, run);
    const story = (async () => {
      await until(
        async () => (await db.store.targets.get(`${NAME}/A`)).everPresent,
        'a round to see the record',
      );
      dns.deleteRecords(NAME, 'A');
      await until(
        async () =>
          slack.roots('C0ALERTS').length > 0 && (await db.store.outbox.listPending(10)).length === 0,
        'the incident to reach Slack',
      );
    })().finally(stop);
    const [summary] = await Promise.all([invocation, story]);

    // Assess: one round saw the record, two more in a row saw it empty — all in this one run.
    expect(summary.rounds).toBeGreaterThanOrEqual(3);
    expect(summary.failures).toEqual([]);
    const [incident] = await db.store.incidents.list();
    expect(incident?.kind).toBe('EMPTY');
    expect(incident?.slack?.channel).toBe('C0ALERTS');
    const roots = slack.roots('C0ALERTS');
    expect(roots).toHaveLength(1);
    expect(JSON.stringify(roots[0]?.blocks)).toContain('NODATA');
    expect(await db.store.outbox.listPending(10)).toEqual([]);
  });

  it('keeps probing when the Slack secret cannot be read', async () => {
    secrets.secrets.clear();
    const summary = await handler({ source: 'aws.events' }, context(10_000));
    expect(summary.rounds).toBeGreaterThanOrEqual(1);
    expect(summary.failures).toEqual([]);
  });

  it('fails the run (so it reaches the dead-letter queue) when the store cannot be written', async () => {
    // A run whose writes fail must throw (not swallow), so the async invoke lands in the DLQ.
    const { createProbeApp } = await import('../../lambda/app/probe.js');
    const { runProbeInvocation } = await import('../../lambda/service/probe-invocation.js');
    const { createStore } = await import('../../lambda/store/store.js');
    const { DnsProbe } = await import('../../lambda/sources/dns/dns-probe.js');
    const { configSchema } = await import('../../lambda/config/config-schema.js');
    const { resolveTargets } = await import('../../lambda/config/load-config.js');
    const { silentLog } = await import('../../lambda/ports/log.js');
    const config = configSchema.parse(JSON.parse(process.env.LOOKOUT_CONFIG as string));
    const lookout = createProbeApp({
      config,
      targets: resolveTargets(config, []),
      store: createStore(db.dynamo.client, 'no-such-table'),
      prober: new DnsProbe({ timeoutMs: 300 }),
      log: silentLog,
    });
    await expect(
      runProbeInvocation(lookout, { intervalMs: 1000, deadline: () => Date.now() + 100, log: silentLog }),
    ).rejects.toThrow(/could not process 1 observation/);
  });
});
