import { readFileSync } from 'node:fs';
import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSlack, type SlackFault } from '../../emulators/slack/slack-server.js';
import { createHealthApp } from '../../lambda/app/health.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import { digestDefaults } from '../../lambda/domain/health/health-digest.js';
import type { IncidentSubject } from '../../lambda/domain/targets.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { DeliveryHealth } from '../../lambda/slack/delivery-health.js';
import { DIGEST_KEY, DigestSender } from '../../lambda/slack/digest-sender.js';
import { OutboxSender } from '../../lambda/slack/outbox-sender.js';
import { createSlackDelivery } from '../../lambda/slack/slack-delivery.js';
import { SlackPoster } from '../../lambda/slack/slack-poster.js';
import type { DigestStore } from '../../lambda/store/ports.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { target } from '../support/observations.js';
import { recordingLog } from '../support/slack-fixtures.js';

/**
 * Scheduled changes and account notifications go to one digest message per channel, posted once and
 * edited in place, through the same delivery pass (and its write-ahead and look-up) as incident posts.
 */

type Json = Record<string, unknown> & { detail: Record<string, unknown> };
const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../events/health/${name}`, import.meta.url), 'utf8')) as Json;

const TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0ALERTS';
const DB_CHANNEL = 'C0DATABASE';
const COMPUTE = 'C0COMPUTE';
const runbooks = loadRunbooks({ env: {} });
/** Holds the answer far longer than any client waits; FakeSlack lets go once the client hangs up. */
const LATE: SlackFault = { performThenDelayMs: 60_000 };

const REBOOT = fixture('scheduled-change-ec2-reboot.json');
/** A second scheduled change: another event, another window. */
const RETIREMENT: Json = {
  ...REBOOT,
  id: 'second-scheduled-change',
  detail: {
    ...REBOOT.detail,
    eventArn:
      'arn:aws:health:us-east-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED_EXAMPLE222',
    eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
    startTime: 'Mon, 20 Mar 2023 09:00:00 GMT',
    endTime: undefined,
    eventDescription: [
      { language: 'en_US', latestDescription: 'Your instance will be retired. Stop it before then.' },
    ],
  },
};
const copyOf = (
  event: Json,
  changes: Record<string, unknown> = {},
  envelope: Record<string, unknown> = {},
): Json => ({
  ...event,
  id: `${event.id}-copy-${Object.keys(changes).join('-')}`,
  ...envelope,
  detail: { ...event.detail, ...changes },
});

describe('AWS Health digest: one message per channel, edited in place (createHealthApp + dynalite + FakeSlack)', () => {
  let db: TestStore;
  let slack: FakeSlack;
  let logger: ReturnType<typeof recordingLog>;

  beforeEach(async () => {
    db = await startTestStore();
    slack = await new FakeSlack({ channels: [CHANNEL, DB_CHANNEL, COMPUTE], rateLimit: false }).start();
    logger = recordingLog();
  });
  afterEach(async () => {
    await slack.stop();
    await db.close();
  });

  function poster(timeoutMs?: number): SlackPoster {
    return new SlackPoster(
      createSlackClient(TOKEN, {
        slackApiUrl: slack.url,
        logLevel: LogLevel.ERROR,
        ...(timeoutMs ? { timeoutMs } : {}),
      }),
    );
  }

  /** The outbox sender with a digest pass over `port` and `digests` (faults are injected through them). */
  function sender(port: SlackPoster = poster(), digests: DigestStore = db.store.digests): OutboxSender {
    const now = () => new Date();
    return new OutboxSender({
      outbox: db.store.outbox,
      incidents: db.store.incidents,
      slack: port,
      runbooks,
      now,
      log: logger,
      digests: new DigestSender({
        digests,
        slack: port,
        now,
        log: logger,
        closedKeepMs: digestDefaults.closedKeepMs,
      }),
    });
  }

  function app(deliverer?: OutboxSender, targets: IncidentSubject[] = [], routes: unknown[] = []) {
    const config = configSchema.parse({
      targets: [{ name: 'dynamodb.us-east-1.amazonaws.com' }],
      health: {},
      slack: { channel: CHANNEL, routes },
    });
    return createHealthApp({
      config,
      store: db.store,
      targets,
      log: logger,
      now: () => new Date(),
      slack: {
        channel: CHANNEL,
        deliverer:
          deliverer ??
          createSlackDelivery({
            token: TOKEN,
            apiUrl: slack.url,
            store: db.store,
            runbooks,
            logger,
            health: new DeliveryHealth('fix the token'),
            giveUpAfterMinutes: 60,
          }),
      },
    });
  }

  const digestPosts = (channel: string) =>
    slack.roots(channel).filter((m) => m.metadata?.event_payload.incident === DIGEST_KEY.incident);

  it('posts two scheduled changes as one message, then edits it in place; no incident', async () => {
    // Prepare
    const health = app();

    // Act: the first change is delivered; the second arrives later and is delivered too.
    const first = await health.handleEvent(REBOOT);
    const sentFirst = await health.deliver();
    const second = await health.handleEvent(RETIREMENT);
    const sentSecond = await health.deliver();

    // Assess: one message in the channel, edited once, now listing both.
    expect(first.digests).toEqual([CHANNEL]);
    expect(second.digests).toEqual([CHANNEL]);
    expect(sentFirst.sent).toBe(1);
    expect(sentSecond.sent).toBe(1);
    const [message, ...others] = digestPosts(CHANNEL);
    expect(others).toEqual([]);
    expect(slack.roots(CHANNEL)).toHaveLength(1);
    expect(slack.count('chat.postMessage')).toBe(1);
    expect(slack.count('chat.update')).toBe(1);
    expect(message?.text).toContain('1 upcoming or open, 0 closed');
    const latest = JSON.stringify(message?.updates.at(-1)?.blocks);
    expect(latest).toContain('AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED');
    expect(latest).toContain('AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED');
    expect(latest).toContain('Your instance will be retired.');
    expect(message?.updates.at(-1)?.text).toContain('2 upcoming or open, 0 closed');
    expect(await db.store.incidents.list(10)).toEqual([]);
    const stored = await db.store.digests.get(CHANNEL);
    expect(stored).toMatchObject({
      revision: 2,
      shownRevision: 2,
      ref: { channel: CHANNEL, ts: message?.ts },
    });
    expect(await db.store.digests.listPending()).toEqual([]);
  });

  it('changes nothing for a redelivery or the backup-region copy of the same version', async () => {
    // Prepare
    const health = app();
    await health.handleEvent(REBOOT);
    await health.deliver();

    // Act
    const again = [
      await health.handleEvent(copyOf(REBOOT)),
      await health.handleEvent(copyOf(REBOOT, { backupEvent: true }, { region: 'us-west-2' })),
    ];
    const sent = await health.deliver();

    // Assess
    expect(again.map((r) => [r.duplicate, r.digests])).toEqual([
      [true, undefined],
      [true, undefined],
    ]);
    expect(sent.sent).toBe(0);
    expect(slack.count('chat.postMessage')).toBe(1);
    expect(slack.count('chat.update')).toBe(0);
    expect((await db.store.digests.get(CHANNEL))?.revision).toBe(1);
  });

  it('edits the line when AWS updates the event: the newer status replaces the old', async () => {
    const health = app();
    await health.handleEvent(REBOOT);
    await health.deliver();

    await health.handleEvent(
      copyOf(REBOOT, { statusCode: 'closed', lastUpdatedTime: 'Wed, 15 Mar 2023 11:05:00 GMT' }),
    );
    await health.deliver();

    const [message] = digestPosts(CHANNEL);
    expect(message?.updates).toHaveLength(1);
    expect(message?.updates[0]?.text).toContain('0 upcoming or open, 1 closed');
  });

  it('adopts the digest a crash kept from being recorded: found by its metadata, not posted twice', async () => {
    // Prepare: the post reaches Slack, then the run dies before it records the ts.
    await app().handleEvent(REBOOT);
    let crashes = 1;
    const crashing: DigestStore = {
      get: (c) => db.store.digests.get(c),
      listPending: () => db.store.digests.listPending(),
      change: (c, next) =>
        db.store.digests.change(c, (d) => {
          const state = next(d);
          if (state?.ref && !d?.ref && crashes-- > 0) throw new Error('process killed after the post');
          return state;
        }),
    };
    const crashed = await sender(poster(), crashing).flush();
    expect(crashed).toMatchObject({ sent: 0, retried: 1 });
    expect(digestPosts(CHANNEL)).toHaveLength(1);
    expect((await db.store.digests.get(CHANNEL))?.ref).toBeUndefined();
    expect((await db.store.digests.get(CHANNEL))?.uncertainSince).toBeDefined();

    // Act: the next run, with the store working again.
    const next = await sender().flush();

    // Assess: the one message is adopted (and brought to the latest revision), none posted again.
    const [message] = digestPosts(CHANNEL);
    expect(slack.count('chat.postMessage')).toBe(1);
    expect(slack.count('conversations.history')).toBeGreaterThanOrEqual(1);
    expect(next.sent).toBe(1);
    const stored = await db.store.digests.get(CHANNEL);
    expect(stored?.ref).toEqual({ channel: CHANNEL, ts: message?.ts });
    expect(stored?.uncertainSince).toBeUndefined();
    expect(stored?.shownRevision).toBe(1);
    expect(logger.lines.map((l) => l.message)).toContain(
      'found the AWS Health digest an earlier attempt posted; not posting it again',
    );
  });

  it('adopts a digest Slack posted but answered after the client timed out', async () => {
    // Prepare
    await app().handleEvent(REBOOT);
    slack.failNext(1, LATE, 'chat.postMessage');

    // Act
    const late = await sender(poster(300)).flush();
    await vi.waitFor(() => expect(slack.count('chat.postMessage')).toBe(1), { timeout: 10_000 });
    const next = await sender().flush();

    // Assess
    expect(late).toMatchObject({ sent: 0, retried: 1 });
    expect(next.sent).toBe(1);
    expect(digestPosts(CHANNEL)).toHaveLength(1);
    expect(slack.count('chat.postMessage')).toBe(1);
    expect((await db.store.digests.get(CHANNEL))?.ref?.ts).toBe(digestPosts(CHANNEL)[0]?.ts);
  });

  it("puts a change to a watched target's service in that target's channel", async () => {
    // Prepare: a watched EC2 endpoint in us-east-1 whose incidents go to the database channel.
    const ec2 = {
      ...target({ id: 'ec2.us-east-1.amazonaws.com/A', name: 'ec2.us-east-1.amazonaws.com' }),
      channel: DB_CHANNEL,
    };

    // Act
    const result = await app(undefined, [ec2]).handleEvent(REBOOT);

    // Assess
    expect(result.digests).toEqual([DB_CHANNEL]);
    expect(await db.store.digests.get(CHANNEL)).toBeUndefined();
    expect((await db.store.digests.get(DB_CHANNEL))?.digest.lines).toHaveLength(1);
  });

  it('routes a scheduled change by slack.routes (source health, its service, its severity), not to the default channel', async () => {
    // Prepare: RDS notices to the database team, low-severity EC2 notices from AWS Health to compute.
    const health = app(
      undefined,
      [],
      [
        { match: { sources: ['health'], services: ['RDS'] }, channels: [DB_CHANNEL] },
        {
          match: { sources: ['health'], services: ['ec2'], kinds: ['HEALTH_EVENT'], severities: ['low'] },
          channels: [COMPUTE],
        },
      ],
    );

    // Act
    const result = await health.handleEvent(REBOOT);
    const sent = await health.deliver();

    // Assess
    expect(result.digests).toEqual([COMPUTE]);
    expect(sent.sent).toBe(1);
    const [message, ...others] = digestPosts(COMPUTE);
    expect(others).toEqual([]);
    expect(message?.text).toContain('1 upcoming or open, 0 closed');
    expect(digestPosts(CHANNEL)).toEqual([]);
    expect(digestPosts(DB_CHANNEL)).toEqual([]);
    expect(await db.store.digests.get(CHANNEL)).toBeUndefined();
  });

  it('still opens an incident for an issue, and leaves the digest alone', async () => {
    const health = app();
    const result = await health.handleEvent(fixture('public-ec2-issue.json'));
    await health.deliver();

    expect(result.digests).toBeUndefined();
    expect(await db.store.incidents.list(10)).toHaveLength(1);
    expect(await db.store.digests.get(CHANNEL)).toBeUndefined();
    expect(digestPosts(CHANNEL)).toEqual([]);
    expect(slack.roots(CHANNEL)).toHaveLength(1);
  });
});
