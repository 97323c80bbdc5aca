import { createHash, createHmac } from 'node:crypto';
import type { Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRoute53 } from '../../emulators/route53/index.js';
import { a, change, route53Client } from '../../emulators/route53/sdk-helpers.js';
import {
  type ChangeBatchDetail,
  ChangeHistoryClient,
  ChangeHistoryError,
  ChangeHistoryResponseError,
  toControlPlaneChanges,
  writerFromPrincipalArn,
} from '../../lambda/sources/route53/change-history-client.js';
import type { RateLimiter } from '../../lambda/sources/route53/rate-limiter.js';

const READER_KEY = 'AKIALOOKOUTREADER';
const READER_SECRET = 'lookout-reader-secret';
const READER_ARN = 'arn:aws:sts::111122223333:assumed-role/lookout-reader/posture';
const ENACTOR_1 = {
  key: 'ASIAENACTOR1',
  arn: 'arn:aws:sts::111122223333:assumed-role/dns-enactor/enactor-1',
};
const ENACTOR_2 = {
  key: 'ASIAENACTOR2',
  arn: 'arn:aws:sts::111122223333:assumed-role/dns-enactor/enactor-2',
};
const ALICE = { key: 'AKIAALICE', arn: 'arn:aws:iam::111122223333:user/ops/alice' };
const ZONE = 'history.test';
const NAME = `dynamodb.${ZONE}`;

interface Captured {
  url: string;
  headers: Record<string, string>;
}

/** Records what the client sent, then lets the request through to the fake. */
function capturingFetch(captured: Captured[]): typeof fetch {
  return async (input, init) => {
    captured.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) } });
    return fetch(input, init);
  };
}

function client(endpoint: string, extra: Partial<ConstructorParameters<typeof ChangeHistoryClient>[0]> = {}) {
  return new ChangeHistoryClient({
    endpoint,
    credentials: { accessKeyId: READER_KEY, secretAccessKey: READER_SECRET },
    sleep: async () => {},
    ...extra,
  });
}

/**
 * SigV4 recomputed independently from the URL that went on the wire (AWS's documented algorithm),
 * so a difference between the query that was signed and the query that was sent shows up.
 */
function expectedSignature(captured: Captured, secret: string): string {
  const url = new URL(captured.url);
  const amzDate = captured.headers['x-amz-date'] as string;
  const authorization = captured.headers.authorization as string;
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1] as string;
  const enc = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headerValue = (name: string) =>
    name === 'host' ? url.host : (captured.headers[name] as string).trim();
  const names = signedHeaders.split(';');
  const canonical = [
    'GET',
    url.pathname,
    query,
    names.map((n) => `${n}:${headerValue(n)}\n`).join(''),
    signedHeaders,
    createHash('sha256').update('').digest('hex'),
  ].join('\n');
  const scope = `${amzDate.slice(0, 8)}/us-east-1/route53/aws4_request`;
  const toSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(amzDate.slice(0, 8)).digest();
  for (const part of ['us-east-1', 'route53', 'aws4_request'])
    key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(toSign).digest('hex');
}

describe('Class: ChangeHistoryClient (against FakeRoute53 over signed HTTP)', () => {
  const route53 = new FakeRoute53({ dns: false, throttling: false });
  let endpoint: string;
  let advanced: string;
  let standard: string;
  let busy: string;
  let enactor1: Route53Client;
  let enactor2: Route53Client;
  let alice: Route53Client;
  let upsertChangeId: string;

  beforeAll(async () => {
    ({ endpoint } = await route53.start());
    for (const p of [ENACTOR_1, ENACTOR_2, ALICE]) route53.registerPrincipal(p.key, p.arn);
    route53.registerPrincipal(READER_KEY, READER_ARN);
    advanced = await route53.createZone({ name: ZONE, tier: 'ADVANCED' });
    standard = await route53.createZone({ name: 'plain.test', tier: 'STANDARD' });
    busy = await route53.createZone({ name: 'busy.test', tier: 'ADVANCED' });
    enactor1 = route53Client(endpoint, ENACTOR_1.key);
    enactor2 = route53Client(endpoint, ENACTOR_2.key);
    alice = route53Client(endpoint, ALICE.key);

    // The October-2025 shape: two enactor sessions of one role race, then a person cleans up.
    await change(enactor1, advanced, [
      { Action: 'CREATE', ResourceRecordSet: a(NAME, ['192.0.2.2', '192.0.2.1']) },
    ]);
    const upsert = await change(
      enactor2,
      advanced,
      [
        { Action: 'UPSERT', ResourceRecordSet: a(NAME, ['192.0.2.9'], 300) },
        { Action: 'CREATE', ResourceRecordSet: a(`api.${ZONE}`, ['192.0.2.20']) },
      ],
      'plan 42',
    );
    upsertChangeId = (upsert.ChangeInfo?.Id ?? '').replace('/change/', '');
    await change(alice, advanced, [
      { Action: 'DELETE', ResourceRecordSet: a(`api.${ZONE}`, ['192.0.2.20']) },
    ]);
    await change(enactor1, advanced, [{ Action: 'UPSERT', ResourceRecordSet: a(NAME, ['192.0.2.1']) }]);
    for (let i = 0; i < 120; i++) {
      await change(enactor1, busy, [
        { Action: 'UPSERT', ResourceRecordSet: a(`n.busy.test`, [`198.51.100.${i}`]) },
      ]);
    }
  });
  afterAll(() => route53.stop());

  describe('listChangeBatches', () => {
    it('lists every batch oldest first, with operation, submitter and request id', async () => {
      // Act
      const result = await client(endpoint).listChangeBatches(advanced);

      // Assess
      if (!result.available) throw new Error('expected Change History');
      expect(result.nextCursor).toBeUndefined();
      expect(result.batches.map((b) => [b.operation, b.submittedBy, b.changeCount])).toEqual([
        ['CreateHostedZone', 'arn:aws:iam::123456789012:user/lookout-test', 0],
        ['ChangeResourceRecordSets', ENACTOR_1.arn, 1],
        ['ChangeResourceRecordSets', ENACTOR_2.arn, 2],
        ['ChangeResourceRecordSets', ALICE.arn, 1],
        ['ChangeResourceRecordSets', ENACTOR_1.arn, 1],
      ]);
      const second = result.batches[2];
      expect(second?.changeId).toBe(upsertChangeId);
      expect(second?.comment).toBe('plan 42');
      expect(second?.changeId).toMatch(/^C[A-Z0-9]+$/);
      expect(Date.parse(second?.submittedAt ?? '')).not.toBeNaN();
      const log = route53.requestLog.filter((e) => e.operation === 'ChangeResourceRecordSets');
      expect(log.map((e) => e.requestId)).toContain(second?.requestId);
    });

    it('returns a cursor when maxItems cuts the list, and continues after it with startAfterChangeId', async () => {
      // Prepare
      const history = client(endpoint);
      const all = await history.listChangeBatches(advanced);

      // Act
      const first = await history.listChangeBatches(advanced, { maxItems: 2 });
      const rest = first.available
        ? await history.listChangeBatches(advanced, { startAfterChangeId: first.nextCursor as string })
        : first;

      // Assess
      if (!all.available || !first.available || !rest.available) throw new Error('expected Change History');
      expect(first.batches).toHaveLength(2);
      expect(first.nextCursor).toBe(first.batches[1]?.changeId);
      expect(rest.nextCursor).toBeUndefined();
      expect([...first.batches, ...rest.batches]).toEqual(all.batches);
    });

    it('follows NextToken across Route 53 pages of 100', async () => {
      // Prepare
      const before = route53.requestLog.length;

      // Act
      const result = await client(endpoint).listChangeBatches(busy, { maxItems: 1000 });

      // Assess
      if (!result.available) throw new Error('expected Change History');
      expect(result.batches).toHaveLength(121);
      expect(new Set(result.batches.map((b) => b.changeId)).size).toBe(121);
      expect(result.nextCursor).toBeUndefined();
      const calls = route53.requestLog
        .slice(before)
        .filter((e) => e.operation === 'ListHostedZoneChangeBatches');
      expect(calls).toHaveLength(2);
    });

    it('stops at maxItems across pages and hands back the cursor', async () => {
      const result = await client(endpoint).listChangeBatches(busy, { maxItems: 110 });

      if (!result.available) throw new Error('expected Change History');
      expect(result.batches).toHaveLength(110);
      expect(result.nextCursor).toBe(result.batches[109]?.changeId);
    });
  });

  describe('getChangeBatch', () => {
    it('returns one batch with its record-set changes in batch order', async () => {
      // Act
      const result = await client(endpoint).getChangeBatch(advanced, `/change/${upsertChangeId}`);

      // Assess
      if (!result.available) throw new Error('expected Change History');
      const { batch } = result;
      expect(batch).toMatchObject({
        changeId: upsertChangeId,
        operation: 'ChangeResourceRecordSets',
        submittedBy: ENACTOR_2.arn,
        comment: 'plan 42',
        changeCount: 2,
      });
      expect(batch.changes).toEqual([
        {
          action: 'UPSERT',
          recordSet: { key: { zoneId: advanced, name: NAME, type: 'A' }, ttl: 300, values: ['192.0.2.9'] },
        },
        {
          action: 'CREATE',
          recordSet: {
            key: { zoneId: advanced, name: `api.${ZONE}`, type: 'A' },
            ttl: 60,
            values: ['192.0.2.20'],
          },
        },
      ]);
    });

    it('throws NoSuchChange for an id the zone does not hold', async () => {
      const error = await client(endpoint)
        .getChangeBatch(advanced, 'CNOSUCHCHANGE0000000')
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ChangeHistoryError);
      expect(error).toMatchObject({
        code: 'NoSuchChange',
        status: 404,
        operation: 'GetHostedZoneChangeBatch',
      });
    });
  });

  describe('listRecordSetChanges', () => {
    it('lists the changes to one name and type, oldest first', async () => {
      // Act
      const result = await client(endpoint).listRecordSetChanges(advanced, NAME, 'A');

      // Assess
      if (!result.available) throw new Error('expected Change History');
      expect(result.truncated).toBe(false);
      expect(result.changes.map((c) => [c.action, c.submittedBy, c.recordSet.values])).toEqual([
        ['CREATE', ENACTOR_1.arn, ['192.0.2.1', '192.0.2.2']],
        ['UPSERT', ENACTOR_2.arn, ['192.0.2.9']],
        ['UPSERT', ENACTOR_1.arn, ['192.0.2.1']],
      ]);
      expect(result.changes[1]?.changeId).toBe(upsertChangeId);
    });

    it('keeps the latest maxItems when there are more, and says so', async () => {
      const result = await client(endpoint).listRecordSetChanges(busy, 'n.busy.test.', 'a', { maxItems: 5 });

      if (!result.available) throw new Error('expected Change History');
      expect(result.truncated).toBe(true);
      expect(result.changes.map((c) => c.recordSet.values[0])).toEqual([
        '198.51.100.115',
        '198.51.100.116',
        '198.51.100.117',
        '198.51.100.118',
        '198.51.100.119',
      ]);
    });
  });

  describe('a STANDARD zone', () => {
    it('answers FeatureNotEnabled as a ChangeHistoryUnavailable result from every call', async () => {
      // Prepare
      const history = client(endpoint);

      // Act
      const results = [
        await history.listChangeBatches(standard),
        await history.getChangeBatch(standard, upsertChangeId),
        await history.listRecordSetChanges(standard, 'x.plain.test', 'A'),
      ];

      // Assess
      for (const result of results) {
        expect(result).toMatchObject({ available: false, zoneId: standard, reason: 'FeatureNotEnabled' });
        expect(result.available ? '' : result.message).toMatch(/not enabled/);
      }
    });
  });

  describe('errors and retries', () => {
    it('retries throttling with growing backoff and then succeeds', async () => {
      // Prepare
      const delays: number[] = [];
      const history = client(endpoint, { sleep: async (ms) => void delays.push(ms), random: () => 1 });
      route53.failNext({ operation: 'ListHostedZoneChangeBatches', error: 'Throttling', times: 2 });
      const before = route53.requestLog.length;

      // Act
      const result = await history.listChangeBatches(advanced);

      // Assess
      expect(result.available).toBe(true);
      expect(delays).toEqual([200, 400]);
      const codes = route53.requestLog.slice(before).map((e) => e.errorCode ?? 'OK');
      expect(codes).toEqual(['Throttling', 'Throttling', 'OK']);
    });

    it('gives up after maxAttempts with a typed Throttling error', async () => {
      route53.failNext({
        operation: 'ListHostedZoneChangeBatches',
        error: 'PriorRequestNotComplete',
        times: 3,
      });

      const error = await client(endpoint, { maxAttempts: 3 })
        .listChangeBatches(advanced)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ChangeHistoryError);
      expect(error).toMatchObject({ code: 'PriorRequestNotComplete', status: 400 });
      route53.clearFaults();
    });

    it('does not retry AccessDenied and keeps Route 53’s code, message and request id', async () => {
      route53.failNext({
        operation: 'ListHostedZoneChangeBatches',
        error: {
          status: 403,
          code: 'AccessDenied',
          message: 'User is not authorized to perform this action',
        },
        times: 2,
      });
      const before = route53.requestLog.length;

      const error = await client(endpoint)
        .listChangeBatches(advanced)
        .catch((e: unknown) => e);

      expect(error).toMatchObject({
        name: 'ChangeHistoryError',
        code: 'AccessDenied',
        status: 403,
        route53Message: 'User is not authorized to perform this action',
      });
      expect((error as ChangeHistoryError).requestId).toBe(route53.requestLog[before]?.requestId);
      expect(route53.requestLog.length - before).toBe(1);
      route53.clearFaults();
    });

    it('retries a refused connection a bounded number of times, then throws with the socket error code', async () => {
      // Prepare
      const closed = new FakeRoute53({ dns: false });
      const { endpoint: gone } = await closed.start();
      await closed.stop();
      let sleeps = 0;

      // Act
      const error = await client(gone, { maxAttempts: 2, sleep: async () => void sleeps++ })
        .listChangeBatches(advanced)
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'ChangeHistoryError', code: 'ECONNREFUSED', status: 0 });
      expect((error as Error).message).toMatch(/^ListHostedZoneChangeBatches: ECONNREFUSED \(no response\)/);
      expect(sleeps).toBe(1);
    });

    it('throws NoSuchHostedZone for a zone that does not exist', async () => {
      const error = await client(endpoint)
        .listChangeBatches('ZDOESNOTEXIST000000')
        .catch((e: unknown) => e);

      expect(error).toMatchObject({ code: 'NoSuchHostedZone', status: 404 });
    });

    it('names the missing field when a response does not match the schema', async () => {
      // Prepare
      const xml =
        '<?xml version="1.0"?><ListHostedZoneChangeBatchesResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">' +
        '<ChangeBatchSummaries><ChangeBatchSummary><ChangeId>/change/C1</ChangeId><Operation>ChangeResourceRecordSets</Operation>' +
        '<SubmittedAt>2025-10-20T06:48:00Z</SubmittedAt><ChangeCount>one</ChangeCount></ChangeBatchSummary></ChangeBatchSummaries>' +
        '</ListHostedZoneChangeBatchesResponse>';
      const history = client('http://127.0.0.1:9', { fetch: async () => new Response(xml, { status: 200 }) });

      // Act
      const error = await history.listChangeBatches(advanced).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ChangeHistoryResponseError);
      expect((error as Error).message).toContain('ChangeBatchSummaries.0.SubmittedBy');
      expect((error as Error).message).toContain(
        'ChangeBatchSummaries.0.ChangeCount: expected a whole number',
      );
    });

    it('reads the documented GetHostedZoneChangeBatch shape with ChangeBatchSummary beside ChangeBatch', async () => {
      // Prepare
      const xml =
        '<GetHostedZoneChangeBatchResponse><ChangeBatchSummary><ChangeId>/change/C9</ChangeId>' +
        '<Operation>ChangeResourceRecordSets</Operation><SubmittedAt>2025-10-20T06:48:00.000Z</SubmittedAt>' +
        `<SubmittedBy>${ENACTOR_2.arn}</SubmittedBy><RequestId>req-9</RequestId><ChangeCount>1</ChangeCount>` +
        '</ChangeBatchSummary><ChangeBatch><Changes><Change><Action>DELETE</Action><ResourceRecordSet>' +
        '<Name>dynamodb.us-east-1.amazonaws.com.</Name><Type>A</Type><TTL>5</TTL><ResourceRecords>' +
        '<ResourceRecord><Value>3.218.182.1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>' +
        '</Change></Changes></ChangeBatch></GetHostedZoneChangeBatchResponse>';
      const history = client('http://127.0.0.1:9', { fetch: async () => new Response(xml, { status: 200 }) });

      // Act
      const result = await history.getChangeBatch('Z1', 'C9');

      // Assess
      if (!result.available) throw new Error('expected Change History');
      expect(result.batch).toMatchObject({ changeId: 'C9', requestId: 'req-9', submittedBy: ENACTOR_2.arn });
      expect(result.batch.changes[0]).toMatchObject({
        action: 'DELETE',
        recordSet: { key: { name: 'dynamodb.us-east-1.amazonaws.com', type: 'A' }, values: ['3.218.182.1'] },
      });
    });
  });

  describe('signing', () => {
    it('signs with SigV4 for route53/us-east-1, and the signature matches the query actually sent', async () => {
      // Prepare
      const captured: Captured[] = [];
      const history = client(endpoint, { fetch: capturingFetch(captured) });
      const before = route53.requestLog.length;

      // Act
      await history.listRecordSetChanges(busy, 'n.busy.test', 'A', { maxItems: 150 });

      // Assess
      expect(captured).toHaveLength(2);
      for (const request of captured) {
        const auth = request.headers.authorization ?? '';
        expect(auth).toMatch(
          new RegExp(`^AWS4-HMAC-SHA256 Credential=${READER_KEY}/\\d{8}/us-east-1/route53/aws4_request, `),
        );
        expect(auth.endsWith(`Signature=${expectedSignature(request, READER_SECRET)}`)).toBe(true);
      }
      expect(new URL(captured[1]?.url ?? '').searchParams.get('nexttoken')).toBeTruthy();
      const callers = route53.requestLog.slice(before).map((e) => e.caller);
      expect(callers).toEqual([READER_ARN, READER_ARN]);
    });

    it('sends the session token of temporary credentials, from a provider', async () => {
      const captured: Captured[] = [];
      const history = new ChangeHistoryClient({
        endpoint,
        credentials: async () => ({
          accessKeyId: READER_KEY,
          secretAccessKey: READER_SECRET,
          sessionToken: 'tok',
        }),
        fetch: capturingFetch(captured),
      });

      await history.listChangeBatches(advanced, { maxItems: 1 });

      expect(captured[0]?.headers['x-amz-security-token']).toBe('tok');
    });

    it('uses the Route 53 client’s credential chain with fromRoute53Client, and takes a limiter token per request', async () => {
      // Prepare
      let takes = 0;
      const limiter = { take: async () => void takes++ } as unknown as RateLimiter;
      const sdk = route53Client(endpoint, ALICE.key);
      const history = ChangeHistoryClient.fromRoute53Client(sdk, { endpoint, limiter });
      const before = route53.requestLog.length;

      // Act
      await history.listChangeBatches(busy, { maxItems: 150 });

      // Assess
      expect(takes).toBe(2);
      expect(route53.requestLog.slice(before).map((e) => e.caller)).toEqual([ALICE.arn, ALICE.arn]);
      sdk.destroy();
    });
  });

  describe('Function: toControlPlaneChanges', () => {
    let batch: ChangeBatchDetail;

    beforeAll(async () => {
      const result = await client(endpoint).getChangeBatch(advanced, upsertChangeId);
      if (!result.available) throw new Error('expected Change History');
      batch = result.batch;
    });

    it('maps each change to a change-history ControlPlaneChange with the writer’s role session', () => {
      // Act
      const changes = toControlPlaneChanges(`/hostedzone/${advanced}`, batch);

      // Assess
      expect(changes).toHaveLength(2);
      expect(changes[0]).toEqual({
        id: `${upsertChangeId}#0`,
        source: 'change-history',
        at: batch.submittedAt,
        action: 'UPSERT',
        recordSet: { key: { zoneId: advanced, name: NAME, type: 'A' }, ttl: 300, values: ['192.0.2.9'] },
        writer: { principalArn: ENACTOR_2.arn, roleName: 'dns-enactor', sessionName: 'enactor-2' },
        requestId: batch.requestId,
        changeId: upsertChangeId,
        comment: 'plan 42',
      });
      expect(changes[1]?.id).toBe(`${upsertChangeId}#1`);
    });

    it('carries the request id CloudTrail recorded for the same call', () => {
      // Act
      const [first] = toControlPlaneChanges(advanced, batch);

      // Assess
      const event = route53.cloudTrailEvents.find(
        (e) =>
          (e.detail.responseElements?.changeInfo as { id?: string } | undefined)?.id ===
          `/change/${upsertChangeId}`,
      );
      expect(event?.detail.requestID).toBeDefined();
      expect(first?.requestId).toBe(event?.detail.requestID);
    });
  });
});

describe('Function: writerFromPrincipalArn', () => {
  it.each([
    [
      'arn:aws:sts::111122223333:assumed-role/dns-enactor/enactor-1',
      { roleName: 'dns-enactor', sessionName: 'enactor-1' },
    ],
    [
      'arn:aws-us-gov:sts::111122223333:assumed-role/planner/i-0abc@example.com',
      { roleName: 'planner', sessionName: 'i-0abc@example.com' },
    ],
    ['arn:aws:iam::111122223333:user/ops/alice', { roleName: 'alice' }],
    ['arn:aws:sts::111122223333:federated-user/bob', { sessionName: 'bob' }],
    ['arn:aws:iam::111122223333:root', {}],
  ])('%s', (arn, expected) => {
    expect(writerFromPrincipalArn(arn)).toEqual({ principalArn: arn, ...expected });
  });
});
