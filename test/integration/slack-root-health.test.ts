import { readFileSync } from 'node:fs';
import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { createHealthApp } from '../../lambda/app/health.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import { silentLog } from '../../lambda/ports/log.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { OutboxSender } from '../../lambda/slack/outbox-sender.js';
import { SlackPoster } from '../../lambda/slack/slack-poster.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { observe, target } from '../support/observations.js';
import { pipeline } from '../support/pipeline.js';

const TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0ALERTS';
const DYNAMO = target();
const posted = JSON.parse(
  readFileSync(new URL('../events/health/dynamodb-2025-10-20.reconstruction.json', import.meta.url), 'utf8'),
) as unknown;

describe("The incident's Slack root with AWS Health joined (probe + Health flows, OutboxSender, fake Slack, dynalite)", () => {
  let db: TestStore;
  let slack: FakeSlack;
  beforeEach(async () => {
    db = await startTestStore();
    slack = await new FakeSlack({ tokens: [TOKEN], channels: [CHANNEL] }).start();
  });
  afterEach(async () => {
    await slack.stop();
    await db.close();
  });

  function sender(): OutboxSender {
    const client = createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR });
    return new OutboxSender({
      outbox: db.store.outbox,
      incidents: db.store.incidents,
      slack: new SlackPoster(client),
      runbooks: loadRunbooks({ env: {} }),
      now: () => new Date('2025-10-20T07:12:00Z'),
      log: silentLog,
    });
  }

  it("re-renders the DNS incident's root with both what Lookout saw and AWS Health's post", async () => {
    // Prepare: the probe sees dynamodb.us-east-1.amazonaws.com go EMPTY at 06:48; the root is posted.
    const { processor } = pipeline(db.store, { channel: CHANNEL, detection: { emptyAfterProbes: 1 } });
    await processor.process(observe('2025-10-20T06:47:00.000Z', 'ANSWER', ['3.218.182.1']), DYNAMO);
    await processor.process(observe('2025-10-20T06:48:00.000Z', 'NODATA'), DYNAMO);
    await sender().flush();
    const [root] = slack.roots(CHANNEL);
    expect(JSON.stringify(root?.blocks)).toContain('has no A records (NODATA)');
    expect(JSON.stringify(root?.blocks)).not.toContain('AWS Health');

    // Act: AWS posts at 07:11; the Health flow joins it to the DNS incident, the sender delivers it.
    const config = configSchema.parse({ targets: [{ name: DYNAMO.name }], slack: { channel: CHANNEL } });
    const health = createHealthApp({
      config,
      store: db.store,
      targets: [DYNAMO],
      channel: CHANNEL,
      log: silentLog,
      now: () => new Date('2025-10-20T07:12:00Z'),
    });
    await health.handleEvent(posted);
    await sender().flush();

    // Assess: still one root; its latest edit shows the probe's finding and AWS's status side by side.
    expect(slack.roots(CHANNEL)).toHaveLength(1);
    expect(slack.replies(CHANNEL, root?.ts as string).map((m) => m.text)).toEqual([
      expect.stringContaining('AWS Health'),
    ]);
    const edited = JSON.stringify(root?.updates.at(-1)?.blocks);
    expect(edited).toContain('has no A records (NODATA)');
    expect(edited).toContain('*AWS Health*');
    expect(edited).toContain(
      '*DynamoDB, us-east-1, account 123456789012* — *open* · posted 2025-10-20 07:11:00 UTC',
    );
    expect(edited).toContain('Increased error rates and latencies for Amazon DynamoDB');
    expect(edited).toContain('eventID=arn%3Aaws%3Ahealth%3Aus-east-1');
    expect(root?.updates.at(-1)?.text).toContain('AWS Health: DynamoDB us-east-1 open');
  });
});
