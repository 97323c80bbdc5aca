import { Resolver } from 'node:dns/promises';
import {
  DescribeAffectedEntitiesCommand,
  DescribeAffectedEntitiesForOrganizationCommand,
  DescribeEventDetailsCommand,
  DescribeEventDetailsForOrganizationCommand,
  DescribeEventsCommand,
  type DescribeEventsCommandInput,
  DescribeEventsForOrganizationCommand,
  DescribeHealthServiceStatusForOrganizationCommand,
  HealthClient,
  type HealthClientConfig,
  InvalidPaginationToken,
  UnsupportedLocale,
} from '@aws-sdk/client-health';
// The SDK's own classifier (a dependency of @aws-sdk/client-health): what its retry strategy asks.
import { isThrottlingError } from '@smithy/core/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { FakeHealth, type FakeHealthOptions, type HealthRegion } from '../../emulators/health/index.js';

const credentials = { accessKeyId: 'AKIDHEALTHTEST', secretAccessKey: 'secret' };
const T0 = Date.parse('2025-10-20T07:00:00Z');

type SdkError = Error & { $metadata?: { httpStatusCode?: number; attempts?: number }; code?: string };

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

function arnOf(n: number, service = 'EC2', region = 'us-east-1'): string {
  return `arn:aws:health:${region}::event/${service}/AWS_${service}_OPERATIONAL_ISSUE/AWS_${service}_OPERATIONAL_ISSUE_${String(n).padStart(4, '0')}`;
}

describe('Class: FakeHealth', () => {
  let health: FakeHealth;
  afterEach(() => health.stop());

  async function start(options: FakeHealthOptions = {}): Promise<FakeHealth> {
    health = new FakeHealth(options);
    await health.start();
    return health;
  }

  function client(
    region: HealthRegion = 'us-east-1',
    config: Partial<HealthClientConfig> = {},
  ): HealthClient {
    return new HealthClient({ region, endpoint: health.endpointFor(region), credentials, ...config });
  }

  /** `count` public events, event n last updated n seconds after T0 (so the newest is the highest n). */
  function publishMany(count: number): string[] {
    return Array.from({ length: count }, (_, n) => {
      const arn = arnOf(n);
      health.publish({
        arn,
        service: 'EC2',
        typeCode: 'AWS_EC2_OPERATIONAL_ISSUE',
        category: 'issue',
        region: 'us-east-1',
        status: n % 2 === 0 ? 'open' : 'closed',
        startTime: new Date(T0),
        lastUpdatedTime: new Date(T0 + n * 1000),
        description: `update ${n}`,
      });
      return arn;
    });
  }

  async function allPages(input: DescribeEventsCommandInput, api = client()) {
    const pages: string[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await api.send(
        new DescribeEventsCommand({ ...input, ...(nextToken ? { nextToken } : {}) }),
      );
      pages.push((page.events ?? []).map((event) => event.arn ?? ''));
      nextToken = page.nextToken;
    } while (nextToken);
    return pages;
  }

  describe('DescribeEvents', () => {
    it('pages 250 events newest change first: 100, 100, 50 with maxResults 100, 25 pages of 10', async () => {
      // Prepare
      await start();
      const arns = publishMany(250);

      // Act
      const hundreds = await allPages({ maxResults: 100 });
      const tens = await allPages({ maxResults: 10 });

      // Assess
      expect(hundreds.map((page) => page.length)).toEqual([100, 100, 50]);
      expect(hundreds.flat()).toEqual([...arns].reverse());
      expect(tens).toHaveLength(25);
      expect(tens.flat()).toEqual([...arns].reverse());
    });

    it('returns the SDK-typed fields, with dates from epoch seconds', async () => {
      await start();
      health.publish({
        arn: arnOf(1, 'DYNAMODB'),
        service: 'DYNAMODB',
        typeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
        category: 'issue',
        region: 'us-east-1',
        startTime: '2025-10-20T07:11:00Z',
        lastUpdatedTime: '2025-10-20T07:26:00Z',
        description: 'Increased error rates',
      });

      const { events } = await client().send(new DescribeEventsCommand({}));

      expect(events).toEqual([
        {
          arn: arnOf(1, 'DYNAMODB'),
          service: 'DYNAMODB',
          eventTypeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
          eventTypeCategory: 'issue',
          region: 'us-east-1',
          startTime: new Date('2025-10-20T07:11:00Z'),
          lastUpdatedTime: new Date('2025-10-20T07:26:00Z'),
          statusCode: 'open',
          eventScopeCode: 'PUBLIC',
        },
      ]);
    });

    it('filters by status, service, region, category and lastUpdatedTimes (lists OR, members AND)', async () => {
      await start();
      publishMany(20);
      health.publish({
        arn: arnOf(1, 'DYNAMODB'),
        service: 'DYNAMODB',
        typeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
        category: 'issue',
        region: 'us-east-1',
        lastUpdatedTime: new Date(T0 + 100_000),
      });
      health.publish({
        arn: arnOf(2, 'EC2', 'eu-west-1'),
        service: 'EC2',
        typeCode: 'AWS_EC2_MAINTENANCE_SCHEDULED',
        category: 'scheduledChange',
        region: 'eu-west-1',
        status: 'upcoming',
        lastUpdatedTime: new Date(T0 + 200_000),
      });
      const arnsFor = async (filter: DescribeEventsCommandInput['filter']) =>
        (await allPages({ filter })).flat();

      expect(await arnsFor({ services: ['DYNAMODB'] })).toEqual([arnOf(1, 'DYNAMODB')]);
      expect(await arnsFor({ regions: ['eu-west-1'] })).toEqual([arnOf(2, 'EC2', 'eu-west-1')]);
      expect(await arnsFor({ eventTypeCategories: ['scheduledChange'] })).toEqual([
        arnOf(2, 'EC2', 'eu-west-1'),
      ]);
      expect(await arnsFor({ eventStatusCodes: ['closed'], services: ['EC2'] })).toHaveLength(10);
      expect(
        await arnsFor({
          lastUpdatedTimes: [{ from: new Date(T0 + 18_000) }, { from: new Date(T0 + 150_000) }],
        }),
      ).toEqual([arnOf(2, 'EC2', 'eu-west-1'), arnOf(1, 'DYNAMODB'), arnOf(19), arnOf(18)]);
    });

    it('moves an updated event to the front with its new lastUpdatedTime, description and status', async () => {
      await start({ clock: () => new Date(T0 + 3_600_000) });
      const arns = publishMany(5);

      const at = health.publish({ arn: arns[0] ?? '', status: 'closed', description: 'Recovered' });
      const { events } = await client().send(new DescribeEventsCommand({}));
      const { successfulSet } = await client().send(
        new DescribeEventDetailsCommand({ eventArns: [arns[0] ?? ''] }),
      );

      expect(at).toEqual(new Date(T0 + 3_600_000));
      expect(events?.[0]).toMatchObject({ arn: arns[0], statusCode: 'closed', lastUpdatedTime: at });
      expect(successfulSet?.[0]?.eventDescription?.latestDescription).toBe('Recovered');
    });

    it.each([0, 101])(
      'refuses maxResults %i with a ValidationException (the model: 1–100)',
      async (maxResults) => {
        await start();
        const error = await failure(client().send(new DescribeEventsCommand({ maxResults })));
        expect(error.name).toBe('ValidationException');
        expect(error.$metadata?.httpStatusCode).toBe(400);
        expect(error.message).toContain(`Value '${maxResults}' at 'maxResults' failed to satisfy constraint`);
      },
    );

    it('serves a page of one for maxResults 1, the lower bound', async () => {
      await start();
      publishMany(3);
      const page = await client().send(new DescribeEventsCommand({ maxResults: 1 }));
      expect(page.events).toHaveLength(1);
      expect(page.nextToken).toBeDefined();
    });

    it('refuses a forged, edited or re-used-with-another-filter nextToken with InvalidPaginationToken', async () => {
      await start();
      publishMany(30);
      const first = await client().send(new DescribeEventsCommand({ maxResults: 10 }));
      const token = first.nextToken ?? '';
      const [body, signature] = token.split('.');
      const edited = `${Buffer.from(
        Buffer.from(body ?? '', 'base64url')
          .toString()
          .replace(/"c":\[\d+/, '"c":[0'),
      ).toString('base64url')}.${signature}`;

      for (const nextToken of ['forgedtoken', edited]) {
        const error = await failure(client().send(new DescribeEventsCommand({ maxResults: 10, nextToken })));
        expect(error).toBeInstanceOf(InvalidPaginationToken);
        expect(error.name).toBe('InvalidPaginationToken');
      }
      const otherFilter = await failure(
        client().send(
          new DescribeEventsCommand({ maxResults: 10, nextToken: token, filter: { services: ['S3'] } }),
        ),
      );
      expect(otherFilter.name).toBe('InvalidPaginationToken');
      const next = await client().send(new DescribeEventsCommand({ maxResults: 10, nextToken: token }));
      expect(next.events).toHaveLength(10);
    });

    it('answers UnsupportedLocale for a language other than English', async () => {
      await start();
      const error = await failure(client().send(new DescribeEventsCommand({ locale: 'fr' })));
      expect(error).toBeInstanceOf(UnsupportedLocale);
      await expect(client().send(new DescribeEventsCommand({ locale: 'en' }))).resolves.toBeDefined();
    });
  });

  describe('DescribeEventDetails and DescribeAffectedEntities', () => {
    it('describes 250 events in batches of 10, unknown ARNs in failedSet; 11 ARNs are a ValidationException', async () => {
      // Prepare
      await start();
      const arns = publishMany(250);
      const unknown = arnOf(9999, 'S3');

      // Act
      const described: string[] = [];
      const failed: string[] = [];
      for (let i = 0; i < arns.length; i += 10) {
        const batch = arns.slice(i, i + 10);
        if (i === 0) batch[9] = unknown;
        const out = await client().send(new DescribeEventDetailsCommand({ eventArns: batch }));
        described.push(...(out.successfulSet ?? []).map((details) => details.event?.arn ?? ''));
        failed.push(...(out.failedSet ?? []).map((item) => `${item.eventArn} ${item.errorName}`));
      }
      const tooMany = await failure(
        client().send(new DescribeEventDetailsCommand({ eventArns: arns.slice(0, 11) })),
      );

      // Assess
      expect(described).toHaveLength(249);
      expect(failed).toEqual([`${unknown} EventNotFound`]);
      expect(tooMany.name).toBe('ValidationException');
      expect(tooMany.message).toContain("at 'eventArns' failed to satisfy constraint");
    });

    it("pages an event's 250 entities for the caller's account only", async () => {
      // Prepare: one event affecting two accounts; the caller signs as the second.
      await start();
      health.registerAccount(credentials.accessKeyId, '222222222222');
      const arn = arnOf(7);
      health.publish({
        arn,
        service: 'EC2',
        typeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
        category: 'scheduledChange',
        region: 'us-east-1',
        account: '222222222222',
        entities: Array.from({ length: 250 }, (_, n) => ({ value: `i-${String(n).padStart(17, '0')}` })),
      });
      health.publish({ arn, account: '111111111111', entities: [{ value: 'i-other' }] });

      // Act
      const values: string[] = [];
      const pageSizes: number[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client().send(
          new DescribeAffectedEntitiesCommand({ filter: { eventArns: [arn] }, maxResults: 100, nextToken }),
        );
        pageSizes.push(page.entities?.length ?? 0);
        values.push(...(page.entities ?? []).map((entity) => entity.entityValue ?? ''));
        expect(page.entities?.every((entity) => entity.awsAccountId === '222222222222')).toBe(true);
        nextToken = page.nextToken;
      } while (nextToken);

      // Assess
      expect(pageSizes).toEqual([100, 100, 50]);
      expect(new Set(values).size).toBe(250);
      expect(values).not.toContain('i-other');
    });
  });

  describe('organization view', () => {
    it('lists every account’s events, details and entities per account', async () => {
      // Prepare
      await start();
      const shared = arnOf(1, 'DYNAMODB');
      health.publish({
        arn: shared,
        service: 'DYNAMODB',
        typeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
        category: 'issue',
        region: 'us-east-1',
        scope: 'ACCOUNT_SPECIFIC',
        account: '111111111111',
        entities: [{ value: 'table/orders' }],
        lastUpdatedTime: new Date(T0),
      });
      health.publish({ arn: shared, account: '222222222222', entities: [{ value: 'table/carts' }] });
      health.publish({
        arn: arnOf(2),
        service: 'EC2',
        typeCode: 'AWS_EC2_OPERATIONAL_ISSUE',
        category: 'issue',
        region: 'us-east-1',
        lastUpdatedTime: new Date(T0 - 1000),
      });
      const api = client();

      // Act
      const all = await api.send(new DescribeEventsForOrganizationCommand({}));
      const second = await api.send(
        new DescribeEventsForOrganizationCommand({ filter: { awsAccountIds: ['222222222222'] } }),
      );
      const details = await api.send(
        new DescribeEventDetailsForOrganizationCommand({
          organizationEventDetailFilters: [
            { eventArn: shared, awsAccountId: '222222222222' },
            { eventArn: shared },
            { eventArn: arnOf(2) },
          ],
        }),
      );
      const entities = await api.send(
        new DescribeAffectedEntitiesForOrganizationCommand({
          organizationEntityFilters: [
            { eventArn: shared, awsAccountId: '111111111111' },
            { eventArn: shared },
          ],
        }),
      );
      const status = await api.send(new DescribeHealthServiceStatusForOrganizationCommand({}));

      // Assess
      expect(all.events?.map((event) => event.arn)).toEqual([shared, arnOf(2)]);
      expect(second.events?.map((event) => event.arn)).toEqual([shared]);
      expect(details.successfulSet?.map((item) => [item.awsAccountId, item.event?.arn])).toEqual([
        ['222222222222', shared],
        [undefined, arnOf(2)],
      ]);
      expect(details.failedSet).toEqual([
        expect.objectContaining({ eventArn: shared, errorName: 'InvalidAccountInputError' }),
      ]);
      expect(entities.entities?.map((entity) => [entity.awsAccountId, entity.entityValue])).toEqual([
        ['111111111111', 'table/orders'],
      ]);
      expect(entities.failedSet?.map((item) => item.errorName)).toEqual(['InvalidAccountInputError']);
      expect(status.healthServiceAccessStatusForOrganization).toBe('ENABLED');
    });
  });

  describe('errors', () => {
    it('answers SubscriptionRequiredException to an account without a Business support plan', async () => {
      await start();
      health.setSubscription(false);

      const error = await failure(client().send(new DescribeEventsCommand({})));
      health.setSubscription(true);

      expect(error.name).toBe('SubscriptionRequiredException');
      expect(error.$metadata?.httpStatusCode).toBe(400);
      await expect(client().send(new DescribeEventsCommand({}))).resolves.toBeDefined();
    });

    it('answers ThrottlingException when the bucket is empty, and the SDK retry recovers once it refills', async () => {
      // Prepare: one token, refilled only when the test moves the bucket's clock — which it does when
      // it sees a refusal, so the SDK's backed-off retry finds a token whatever the machine's speed.
      let clock = 0;
      await start({ throttling: { burst: 1, perSecond: 1 }, throttlingClock: () => clock });
      await client().send(new DescribeEventsCommand({}));
      const once = await failure(client('us-east-1', { maxAttempts: 1 }).send(new DescribeEventsCommand({})));
      health.onRequest((entry) => {
        if (entry.errorType === 'ThrottlingException') clock += 1000;
      });

      // Act
      const recovered = await client().send(new DescribeEventsCommand({}));

      // Assess
      expect(once.name).toBe('ThrottlingException');
      expect(isThrottlingError(once as Parameters<typeof isThrottlingError>[0])).toBe(true);
      expect(recovered.$metadata.attempts).toBe(2);
      expect(health.requestLog.map((entry) => entry.errorType ?? 'ok')).toEqual([
        'ok',
        'ThrottlingException',
        'ThrottlingException',
        'ok',
      ]);
    });

    it('answers UnknownOperationException for an unknown X-Amz-Target', async () => {
      await start();
      const response = await fetch(health.endpointFor('us-east-1'), {
        method: 'POST',
        headers: {
          'x-amz-target': 'AWSHealth_20160804.DeleteEverything',
          'content-type': 'application/x-amz-json-1.1',
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKID/20251020/us-east-1/health/aws4_request, Signature=x',
        },
        body: '{}',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
    });
  });

  describe('active and passive endpoints', () => {
    it('switches the active region: the other endpoint answers, the passive one refuses, the CNAME follows', async () => {
      // Prepare
      await start({ dns: true });
      publishMany(3);
      const resolver = new Resolver();
      resolver.setServers([health.dnsAddress ?? '']);
      const east1 = client('us-east-1', { maxAttempts: 1 });
      const east2 = client('us-east-2', { maxAttempts: 1 });
      const before = await east1.send(new DescribeEventsCommand({}));
      const passiveBefore = await failure(east2.send(new DescribeEventsCommand({})));
      const cnameBefore = await resolver.resolveCname('global.health.amazonaws.com');

      // Act
      health.setActiveRegion('us-east-2');

      // Assess
      const after = await east2.send(new DescribeEventsCommand({}));
      const passiveAfter = await failure(east1.send(new DescribeEventsCommand({})));
      expect(before.events).toHaveLength(3);
      expect(after.events).toHaveLength(3);
      for (const error of [passiveBefore, passiveAfter]) {
        expect(error.name).toBe('ServiceUnavailableException');
        expect(error.$metadata?.httpStatusCode).toBe(503);
      }
      expect(cnameBefore).toEqual(['health.us-east-1.amazonaws.com']);
      expect(await resolver.resolveCname('global.health.amazonaws.com')).toEqual([
        'health.us-east-2.amazonaws.com',
      ]);
      expect(health.cnameTarget()).toBe('health.us-east-2.amazonaws.com');
    });

    it("refuses a request signed for us-east-1 at us-east-2's endpoint (the SDK's aws-global after a failover)", async () => {
      await start({ activeRegion: 'us-east-2' });
      const misSigned = new HealthClient({
        region: 'us-east-1',
        endpoint: health.endpointFor('us-east-2'),
        credentials,
        maxAttempts: 1,
      });

      const error = await failure(misSigned.send(new DescribeEventsCommand({})));

      expect(error.name).toBe('InvalidSignatureException');
      expect(error.$metadata?.httpStatusCode).toBe(403);
    });

    it("updates the CNAME in a DemoDnsServer it is given, beside that server's own zone", async () => {
      const dns = new DemoDnsServer({ zones: ['example.test', 'amazonaws.com'] });
      const address = await dns.start();
      try {
        await start({ dns, dnsTtl: 30 });
        health.setActiveRegion('us-east-2');
        expect(dns.getRecords('global.health.amazonaws.com', 'CNAME')).toEqual({
          values: ['health.us-east-2.amazonaws.com'],
          ttl: 30,
        });
        expect(health.dnsAddress).toBe(address);
      } finally {
        await health.stop();
        await dns.stop();
      }
    });

    it('can drop the connection at the passive endpoint instead of answering 503', async () => {
      await start({ passiveAnswer: 'reset' });
      const error = await failure(
        client('us-east-2', { maxAttempts: 1 }).send(new DescribeEventsCommand({})),
      );
      expect(error.code ?? error.name).toMatch(/ECONNRESET|socket hang up/i);
      expect(health.requestLog.at(-1)).toMatchObject({
        region: 'us-east-2',
        status: 0,
        errorType: 'ConnectionReset',
      });
    });
  });
});
