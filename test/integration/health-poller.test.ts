import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeHealth, type FakeHealthOptions } from '../../emulators/health/index.js';
import type { PublishedHealthEvent } from '../../emulators/health/state.js';
import { createHealthApp } from '../../lambda/app/health.js';
import { createHealthClients, type HealthClients } from '../../lambda/app/health-clients.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import type { Log } from '../../lambda/ports/log.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';

const credentials = { accessKeyId: 'AKIDPOLLERTEST', secretAccessKey: 'secret' };
/** The emulator's default account: the one the poller's credentials act as, and EventBridge names. */
const OWN = '123456789012';
const CHANNEL = '#alerts';
const T0 = Date.parse('2025-10-20T07:00:00Z');
const MIN = 60_000;

function arnOf(n: number, service = 'EC2'): string {
  return `arn:aws:health:us-east-1::event/${service}/AWS_${service}_OPERATIONAL_ISSUE/AWS_${service}_OPERATIONAL_ISSUE_${String(n).padStart(4, '0')}`;
}

function issue(n: number, overrides: Partial<PublishedHealthEvent> = {}): PublishedHealthEvent {
  return {
    arn: arnOf(n),
    service: 'EC2',
    typeCode: 'AWS_EC2_OPERATIONAL_ISSUE',
    category: 'issue',
    region: 'us-east-1',
    status: 'open',
    startTime: new Date(T0),
    lastUpdatedTime: new Date(T0 + n * 1000),
    description: `Increased error rates (${n})`,
    ...overrides,
  };
}

interface Logged {
  level: 'info' | 'warn' | 'error';
  message: string;
  extra?: Record<string, unknown>;
}

function recordingLog(lines: Logged[]): Log {
  return {
    debug() {},
    info: (message, extra) => lines.push({ level: 'info', message, ...(extra ? { extra } : {}) }),
    warn: (message, extra) => lines.push({ level: 'warn', message, ...(extra ? { extra } : {}) }),
    error: (message, _error, extra) => lines.push({ level: 'error', message, ...(extra ? { extra } : {}) }),
  };
}

describe('Health API poller (createHealthApp.poll through FakeHealth and the real SDK client)', () => {
  let db: TestStore;
  let health: FakeHealth;
  let clients: HealthClients;
  let clock: number;
  let logged: Logged[];

  beforeEach(async () => {
    db = await startTestStore();
    clock = T0 + 60 * MIN;
    logged = [];
  });
  afterEach(async () => {
    clients?.destroy();
    await health?.stop();
    await db.close();
  });

  async function start(options: FakeHealthOptions = {}) {
    health = new FakeHealth({ dns: true, clock: () => new Date(clock), ...options });
    await health.start();
    clients = createHealthClients({
      endpoints: health.endpointMap(),
      credentials,
      dnsServers: [health.dnsAddress ?? ''],
    });
  }

  function app(poller: Record<string, unknown> = {}, deadline?: () => number) {
    const config = configSchema.parse({
      targets: [{ name: 'www.example.com' }],
      health: { poller },
      slack: { channel: CHANNEL },
    });
    return createHealthApp({
      config,
      store: db.store,
      targets: [],
      channel: CHANNEL,
      log: recordingLog(logged),
      now: () => new Date(clock),
      healthApi: clients,
      accountId: OWN,
      ...(deadline ? { deadline } : {}),
    });
  }

  const calls = (operation: string) => health.requestLog.filter((entry) => entry.operation === operation);

  async function storyOf(key: string) {
    return (await db.store.health.get(key)).record;
  }

  async function healthEntries(): Promise<number> {
    let n = 0;
    for (const incident of await db.store.incidents.list(500)) {
      n += (await db.store.incidents.listTimeline(incident.id)).filter(
        (e) => e.source === 'aws-health',
      ).length;
    }
    return n;
  }

  describe('listing, details and entities', () => {
    it('pages 120 open events by 100 and fetches details and entities 10 events a call', async () => {
      // Prepare
      await start();
      for (let n = 0; n < 120; n++) health.publish(issue(n));

      // Act
      const summary = await app().poll();

      // Assess: 2 pages; 12 detail and 12 entity calls; no call refused (the emulator refuses > 10 ARNs).
      expect(summary).toMatchObject({ listed: 120, fetched: 120, region: 'us-east-1', failures: [] });
      expect(summary.failover).toBeUndefined();
      expect(calls('DescribeEvents')).toHaveLength(2);
      expect(calls('DescribeEventDetails')).toHaveLength(12);
      expect(calls('DescribeAffectedEntities')).toHaveLength(12);
      expect(health.requestLog.filter((entry) => entry.status !== 200)).toEqual([]);
      expect(await storyOf(`${arnOf(0)}#${OWN}`)).toMatchObject({
        status: 'open',
        description: 'Increased error rates (0)',
        lastUpdatedTime: '2025-10-20T07:00:00.000Z',
      });
      expect(await storyOf(`${arnOf(119)}#${OWN}`)).toMatchObject({
        description: 'Increased error rates (119)',
      });
    });

    it('asks again only about versions it has not fetched: an unchanged poll lists and stops', async () => {
      await start();
      for (let n = 0; n < 30; n++) health.publish(issue(n));
      await app().poll();
      const before = health.requestLog.length;
      clock += 5 * MIN;

      const summary = await app().poll();

      const after = health.requestLog.slice(before).map((entry) => entry.operation);
      // The live listing and the updated-since listing; nothing else.
      expect(after).toEqual(['DescribeEvents', 'DescribeEvents']);
      expect(summary).toMatchObject({ listed: 30, fetched: 0, entries: 0 });
    });

    it("keeps what a poll cut short by the Lambda's deadline finished; the next poll fetches only the rest", async () => {
      // Prepare: the deadline passes once the first details call has been answered.
      await start();
      for (let n = 0; n < 30; n++) health.publish(issue(n));
      let late = false;
      const stop = health.onRequest((entry) => {
        if (entry.operation === 'DescribeEventDetails') late = true;
      });
      const deadline = () => (late ? 0 : Number.MAX_SAFE_INTEGER);

      // Act
      const cut = await app({}, deadline).poll();
      stop();
      const before = calls('DescribeEventDetails').length;
      clock += 5 * MIN;
      const rest = await app().poll();

      // Assess: 10 told in the first poll, the other 20 in the next, none twice.
      expect(cut).toMatchObject({ incomplete: true, fetched: 10, listed: 30 });
      expect(before).toBe(1);
      expect(rest).toMatchObject({ fetched: 20, failures: [] });
      expect(rest.incomplete).toBeUndefined();
      expect(calls('DescribeEventDetails')).toHaveLength(3);
      expect(await healthEntries()).toBe(30);
    });

    it("pages an event's 150 entities and keeps them all in its story", async () => {
      await start();
      health.publish(
        issue(1, {
          typeCode: 'AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED',
          account: OWN,
          entities: Array.from({ length: 150 }, (_, n) => ({ value: `i-${String(n).padStart(17, '0')}` })),
        }),
      );

      const summary = await app().poll();

      expect(summary.fetched).toBe(1);
      expect(calls('DescribeAffectedEntities')).toHaveLength(2);
      const story = await storyOf(`${arnOf(1)}#${OWN}`);
      expect(story?.scope).toBe('ACCOUNT_SPECIFIC');
      expect(story?.entities).toHaveLength(150);
      expect(story?.entities[0]).toMatchObject({ value: 'i-00000000000000000', status: 'IMPAIRED' });
    });

    it('lists events closed since the last poll and tells the close once', async () => {
      await start();
      health.publish(issue(1));
      await app().poll();
      clock += 5 * MIN;
      health.publish({ arn: arnOf(1), status: 'closed', lastUpdatedTime: new Date(clock - MIN) });
      clock += 5 * MIN;

      const opened = await healthEntries();
      const closing = await app().poll();
      const closed = await healthEntries();
      clock += 5 * MIN;
      const again = await app().poll();

      expect(closing).toMatchObject({ listed: 1, fetched: 1 });
      expect(closed).toBe(opened + 1);
      expect(again).toMatchObject({ fetched: 0, entries: 0 });
      expect(await healthEntries()).toBe(closed);
      expect((await storyOf(`${arnOf(1)}#${OWN}`))?.status).toBe('closed');
      const [incident] = await db.store.incidents.list(10);
      expect(incident?.status).toBe('resolved');
    });
  });

  describe('one dedup path with EventBridge', () => {
    const fixture = () =>
      JSON.parse(
        readFileSync(new URL('../events/health/public-ec2-issue.json', import.meta.url), 'utf8'),
      ) as { detail: Record<string, unknown> };
    const published = (): PublishedHealthEvent => {
      const detail = fixture().detail;
      return {
        arn: detail.eventArn as string,
        service: 'EC2',
        typeCode: 'AWS_EC2_OPERATIONAL_ISSUE',
        category: 'issue',
        region: 'us-east-1',
        scope: 'PUBLIC',
        status: 'open',
        startTime: '2023-02-15T22:07:07Z',
        // AWS's API answers with fractions of a second; EventBridge carries whole seconds.
        lastUpdatedTime: '2023-02-15T22:07:07.412Z',
        description: (detail.eventDescription as { latestDescription: string }[])[0]?.latestDescription ?? '',
      };
    };

    it('adds nothing for a version EventBridge delivered, and one entry for an update it missed', async () => {
      // Prepare: EventBridge delivered the first version.
      clock = Date.parse('2023-02-15T22:10:00Z');
      await start();
      const delivered = await app().handleEvent(fixture());
      health.publish(published());
      expect(delivered.entries).toHaveLength(1);

      // Act 1: the poller sees the same version.
      const same = await app().poll();

      // Assess 1: it went through the ingest (fetched) and added nothing.
      expect(same).toMatchObject({ listed: 1, fetched: 1, entries: 0 });
      expect(await healthEntries()).toBe(1);

      // Act 2: AWS posts an update EventBridge never delivers.
      clock += 15 * MIN;
      health.publish({
        arn: published().arn,
        lastUpdatedTime: '2023-02-15T22:24:00Z',
        description: 'We have identified the cause of the increased error rates.',
      });
      const missed = await app().poll();
      clock += 5 * MIN;
      const again = await app().poll();

      // Assess 2: one entry for the missed update, none for seeing it again.
      expect(missed).toMatchObject({ fetched: 1, entries: 1 });
      expect(again).toMatchObject({ fetched: 0, entries: 0 });
      expect(await healthEntries()).toBe(2);
      const incidents = await db.store.incidents.list(10);
      expect(incidents).toHaveLength(1);
    });
  });

  describe('organization view', () => {
    const A = '111111111111';
    const B = '222222222222';

    it("tells one story per affected account; one account's failing details stop neither the other nor later polls", async () => {
      // Prepare: one account-specific event in two accounts, and a public one.
      await start();
      const shared = issue(1, {
        service: 'DYNAMODB',
        arn: arnOf(1, 'DYNAMODB'),
        typeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
        scope: 'ACCOUNT_SPECIFIC',
        account: A,
        entities: [{ value: 'table/orders' }],
      });
      const publishShared = (accounts: string[]) => {
        health.clearEvents();
        health.publish(issue(2));
        health.publish({ ...shared, account: A, entities: [{ value: 'table/orders' }] });
        if (accounts.includes(B)) {
          health.publish({
            arn: shared.arn,
            account: B,
            entities: [{ value: 'table/carts' }],
            lastUpdatedTime: shared.lastUpdatedTime,
          });
        }
      };
      publishShared([A, B]);
      // B's details fail: between the accounts call and the details call, AWS no longer finds B's copy.
      const stop = health.onRequest((entry) => {
        if (entry.operation === 'DescribeAffectedAccountsForOrganization') publishShared([A]);
        if (entry.operation === 'DescribeEventDetailsForOrganization') publishShared([A, B]);
      });
      const poller = app({ organizationView: true });

      // Act
      const first = await poller.poll();
      clock += 5 * MIN;
      const second = await poller.poll();
      stop();
      clock += 5 * MIN;
      const third = await poller.poll();

      // Assess: A's story at once, B's once its details answer; B's failure logged once, its end once.
      expect(first.failures).toEqual([expect.objectContaining({ arn: shared.arn, account: B })]);
      expect(first.failures[0]?.error).toMatch(/EventNotFound/);
      expect(second.failures).toHaveLength(1);
      expect(third.failures).toEqual([]);
      expect(await storyOf(`${shared.arn}#${A}`)).toMatchObject({
        account: A,
        entities: [{ value: 'table/orders' }],
      });
      expect(await storyOf(`${shared.arn}#${B}`)).toMatchObject({
        account: B,
        entities: [{ value: 'table/carts' }],
      });
      expect(await storyOf(`${arnOf(2)}#${OWN}`)).toMatchObject({ scope: 'PUBLIC' });
      const aboutB = logged.filter((line) => line.message.includes(B));
      expect(aboutB.map((line) => line.level)).toEqual(['error', 'info']);
      expect(calls('DescribeEventsForOrganization').length).toBeGreaterThan(0);
      expect(calls('DescribeEvents')).toEqual([]);
    });
  });

  describe('organization view at scale', () => {
    it('pages the accounts an event affects and tells one story for each of 120 accounts', async () => {
      // Prepare
      await start();
      const accounts = Array.from({ length: 120 }, (_, n) => String(100000000000 + n));
      health.publish(issue(1, { scope: 'ACCOUNT_SPECIFIC', accounts }));

      // Act
      const summary = await app({ organizationView: true }).poll();

      // Assess: 2 pages of accounts, 12 detail calls of ≤ 10 {eventArn, awsAccountId}, none refused.
      expect(summary).toMatchObject({ listed: 1, fetched: 120, failures: [] });
      expect(calls('DescribeAffectedAccountsForOrganization')).toHaveLength(2);
      expect(calls('DescribeEventDetailsForOrganization')).toHaveLength(12);
      expect(health.requestLog.filter((entry) => entry.status !== 200)).toEqual([]);
      expect(await storyOf(`${arnOf(1)}#${accounts[0]}`)).toMatchObject({ account: accounts[0] });
      expect(await storyOf(`${arnOf(1)}#${accounts[119]}`)).toMatchObject({ account: accounts[119] });
      expect(await storyOf(`${arnOf(1)}#${OWN}`)).toBeUndefined();
    });
  });

  describe('an event whose affected accounts cannot be listed', () => {
    it("is the event's failure, not the poller's account's; logged once, and its end once", async () => {
      // Prepare: an account-specific organization event; listing its accounts fails once (not a fault
      // that stops the poll), then answers.
      await start();
      const arn = arnOf(7, 'DYNAMODB');
      health.publish(
        issue(7, {
          arn,
          service: 'DYNAMODB',
          typeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
          scope: 'ACCOUNT_SPECIFIC',
          accounts: ['111111111111'],
        }),
      );
      health.failNext({
        operation: 'DescribeAffectedAccountsForOrganization',
        error: { status: 400, type: 'ValidationException', message: 'cannot list accounts' },
        times: 2,
      });
      const poller = app({ organizationView: true });

      // Act
      const first = await poller.poll();
      clock += 5 * MIN;
      const second = await poller.poll();
      clock += 5 * MIN;
      const third = await poller.poll();

      // Assess: the failure names the event and no account; the poller's own account is never blamed.
      expect(first.failures).toEqual([
        { arn, error: expect.stringMatching(/ValidationException|cannot list/) },
      ]);
      expect(second.failures).toHaveLength(1);
      expect(third.failures).toEqual([]);
      expect(third.fetched).toBe(1);
      expect(logged.filter((line) => line.message.includes(OWN))).toEqual([]);
      const aboutEvent = logged.filter((line) => line.message.includes(arn));
      expect(aboutEvent.map((line) => line.level)).toEqual(['error', 'info']);
      expect(await storyOf(`${arn}#111111111111`)).toMatchObject({ account: '111111111111' });
    });
  });

  describe('paging guards', () => {
    it('stops a listing whose server answers the same page token again, instead of paging forever', async () => {
      // Prepare: 120 events (2 pages); from the second page on, the server names the token it was asked with.
      await start();
      for (let n = 0; n < 120; n++) health.publish(issue(n));
      health.failNext({ operation: 'DescribeEvents', error: 'RepeatPageToken', times: 20 });

      // Act
      const summary = await app().poll();

      // Assess: two pages asked, then the repeat is named; nothing is fetched from a listing cut short.
      expect(calls('DescribeEvents')).toHaveLength(2);
      expect(summary.error?.name).toBe('RepeatedPageTokenError');
      expect(summary.error?.message).toMatch(
        /DescribeEvents answered page 2 with a page token it had already given/,
      );
      expect(summary.fetched).toBe(0);
    });

    it("stops an event's account listing that repeats its token: that event fails, the others go on", async () => {
      await start();
      const accounts = Array.from({ length: 120 }, (_, n) => String(100000000000 + n));
      health.publish(issue(1, { scope: 'ACCOUNT_SPECIFIC', accounts }));
      health.publish(issue(2));
      health.failNext({
        operation: 'DescribeAffectedAccountsForOrganization',
        error: 'RepeatPageToken',
        times: 20,
      });

      const summary = await app({ organizationView: true }).poll();

      expect(calls('DescribeAffectedAccountsForOrganization')).toHaveLength(2);
      expect(summary.failures).toEqual([{ arn: arnOf(1), error: expect.stringMatching(/already given/) }]);
      expect(await storyOf(`${arnOf(2)}#${OWN}`)).toMatchObject({ scope: 'PUBLIC' });
    });

    it("asks for no further page once the Lambda's deadline is near, and the next poll lists again", async () => {
      // Prepare: 250 events (3 pages); the deadline passes once the first page has been answered.
      await start();
      for (let n = 0; n < 250; n++) health.publish(issue(n));
      let late = false;
      const stop = health.onRequest((entry) => {
        if (entry.operation === 'DescribeEvents') late = true;
      });
      const deadline = () => (late ? 0 : Number.MAX_SAFE_INTEGER);

      // Act
      const cut = await app({}, deadline).poll();
      stop();
      const pagesBefore = calls('DescribeEvents').length;
      clock += 5 * MIN;
      const rest = await app().poll();

      // Assess
      expect(pagesBefore).toBe(1);
      expect(cut).toMatchObject({ incomplete: true, fetched: 0 });
      expect(cut.error).toBeUndefined();
      expect(rest).toMatchObject({ listed: 250, fetched: 250, failures: [] });
    });
  });

  describe('active endpoint', () => {
    it('fails over to us-east-2 when AWS switches mid-poll, and starts the next poll there', async () => {
      // Prepare: two pages; AWS fails over right after the first page was served.
      await start();
      for (let n = 0; n < 110; n++) health.publish(issue(n));
      const stop = health.onRequest((entry) => {
        if (entry.operation === 'DescribeEvents' && entry.region === 'us-east-1')
          health.setActiveRegion('us-east-2');
      });

      // Act
      const summary = await app().poll();
      stop();
      const before = health.requestLog.length;
      clock += 5 * MIN;
      const next = await app().poll();

      // Assess: the SDK's 3 attempts at the now passive us-east-1, then us-east-2 for the rest.
      expect(summary.failover).toMatchObject({ from: 'us-east-1', to: 'us-east-2' });
      expect(summary.failover?.reason).toMatch(/ServiceUnavailable/);
      expect(summary).toMatchObject({ region: 'us-east-2', listed: 110, fetched: 110, failures: [] });
      expect(health.requestLog.filter((e) => e.errorType === 'ServiceUnavailableException')).toHaveLength(3);
      expect(health.requestLog.filter((e) => e.region === 'us-east-1' && e.status === 200)).toHaveLength(1);
      expect(await storyOf(`${arnOf(109)}#${OWN}`)).toBeDefined();
      expect(next.failover).toBeUndefined();
      expect(next.region).toBe('us-east-2');
      expect(health.requestLog.slice(before).every((e) => e.region === 'us-east-2' && e.status === 200)).toBe(
        true,
      );
    });

    it("starts the listing over in the new region when it refuses the old region's page token", async () => {
      // Prepare: AWS fails over after the first page, and us-east-2 does not know us-east-1's token.
      await start();
      for (let n = 0; n < 110; n++) health.publish(issue(n));
      const stop = health.onRequest((entry) => {
        if (entry.operation === 'DescribeEvents' && entry.region === 'us-east-1' && entry.status === 200) {
          health.setActiveRegion('us-east-2');
          health.failNext({
            operation: 'DescribeEvents',
            region: 'us-east-2',
            error: { status: 400, type: 'InvalidPaginationToken', message: 'Invalid pagination token' },
          });
        }
      });

      // Act
      const summary = await app().poll();
      stop();

      // Assess: us-east-2 served both pages from the start; every event once.
      expect(summary).toMatchObject({ region: 'us-east-2', listed: 110, fetched: 110, failures: [] });
      expect(summary.error).toBeUndefined();
      const east2 = health.requestLog.filter(
        (e) => e.region === 'us-east-2' && e.operation === 'DescribeEvents',
      );
      expect(east2.map((e) => e.errorType ?? 'ok')).toEqual(['InvalidPaginationToken', 'ok', 'ok']);
    });

    it('fails over when the passive endpoint drops the connection, and stops after one failover', async () => {
      await start({ passiveAnswer: 'reset' });
      health.publish(issue(1));
      // DNS still names us-east-1 but its endpoint resets every connection.
      health.failNext({ region: 'us-east-1', error: 'ConnectionReset', times: 3 });

      const summary = await app().poll();

      expect(summary.failover).toMatchObject({ from: 'us-east-1', to: 'us-east-2' });
      // us-east-2 is passive: one failover per poll, then the poll stops and says why.
      expect(summary.error).toBeDefined();
      expect(summary.fetched).toBe(0);
      expect(health.requestLog.filter((e) => e.region === 'us-east-2')).toHaveLength(3);
      clock += 5 * MIN;
      const next = await app().poll();
      expect(next).toMatchObject({ region: 'us-east-1', fetched: 1, failures: [] });
      expect(next.error).toBeUndefined();
    });
  });

  describe('support plan and throttling', () => {
    it('reports SubscriptionRequired once over three polls, asks once an hour, and resolves when it answers', async () => {
      // Prepare
      await start();
      health.publish(issue(1));
      health.setSubscription(false);
      const poller = app();

      // Act: three polls five minutes apart.
      const polls = [];
      for (let n = 0; n < 3; n++) {
        polls.push(await poller.poll());
        clock += 5 * MIN;
      }

      // Assess: one request, one configuration incident with one entry saying what to do.
      expect(health.requestLog.map((e) => `${e.operation} ${e.errorType ?? 'ok'}`)).toEqual([
        'DescribeEvents SubscriptionRequiredException',
      ]);
      expect(polls.map((p) => p.skipped ?? (p.subscriptionRequired ? 'reported' : 'polled'))).toEqual([
        'reported',
        'subscription-required',
        'subscription-required',
      ]);
      const incidents = await db.store.incidents.list(10);
      expect(incidents).toHaveLength(1);
      expect(incidents[0]).toMatchObject({ kind: 'MISCONFIGURED', status: 'open' });
      const timeline = await db.store.incidents.listTimeline(incidents[0]?.id as string);
      expect(timeline).toHaveLength(1);
      expect(timeline[0]?.text).toMatch(/Business, Enterprise On-Ramp or Enterprise Support plan/);
      expect(timeline[0]?.text).toMatch(/remove health\.poller/);
      expect(timeline[0]?.text).toMatch(/EventBridge/);

      // Act 2: an hour after the refusal the plan is there.
      health.setSubscription(true);
      clock = T0 + 60 * MIN + 61 * MIN;
      const resumed = await poller.poll();

      // Assess 2
      expect(resumed).toMatchObject({ fetched: 1, entries: 1 });
      expect(resumed.subscriptionRequired).toBeUndefined();
      const [config] = (await db.store.incidents.list(10)).filter((i) => i.kind === 'MISCONFIGURED');
      expect(config?.status).toBe('resolved');
    });

    it('asks again after the hour while the plan is still missing, without a second incident', async () => {
      await start();
      health.setSubscription(false);
      const poller = app();
      await poller.poll();
      clock += 61 * MIN;

      const later = await poller.poll();

      expect(later.subscriptionRequired).toBe(true);
      expect(calls('DescribeEvents')).toHaveLength(2);
      const incidents = await db.store.incidents.list(10);
      expect(incidents).toHaveLength(1);
      expect(await db.store.incidents.listTimeline(incidents[0]?.id as string)).toHaveLength(1);
    });

    it('rides out throttling with the SDK retry, and a poll throttled to the end resumes next time', async () => {
      // Prepare: a bucket of 3 refilled only when a refusal is seen (no wall-clock dependence).
      let bucketClock = 0;
      await start({ throttling: { burst: 3, perSecond: 1 }, throttlingClock: () => bucketClock });
      for (let n = 0; n < 30; n++) health.publish(issue(n));
      const refill = health.onRequest((entry) => {
        if (entry.errorType === 'ThrottlingException') bucketClock += 1000;
      });

      // Act
      const summary = await app().poll();
      refill();

      // Assess: every request answered in the end; all 30 told.
      const throttled = health.requestLog.filter((e) => e.errorType === 'ThrottlingException');
      expect(throttled.length).toBeGreaterThan(0);
      expect(summary).toMatchObject({ listed: 30, fetched: 30, failures: [] });
      expect(summary.error).toBeUndefined();

      // Act 2: throttled through every SDK attempt.
      health.publish(issue(30));
      clock += 5 * MIN;
      const stopped = await app().poll();
      health.setThrottling(false);
      clock += 5 * MIN;
      const resumed = await app().poll();

      // Assess 2
      expect(stopped.error?.name).toBe('ThrottlingException');
      expect(resumed.error).toBeUndefined();
      expect(resumed.fetched).toBe(1);
      expect(await storyOf(`${arnOf(30)}#${OWN}`)).toBeDefined();
    });
  });
});
