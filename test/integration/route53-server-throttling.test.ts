import { ListHostedZonesCommand, type Route53Client } from '@aws-sdk/client-route-53';
// The SDK's own classifier (a dependency of @aws-sdk/client-route-53): what its retry strategy asks.
import { isThrottlingError } from '@smithy/core/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeRoute53 } from '../../emulators/route53/index.js';
import { a, change, route53Client } from '../../emulators/route53/sdk-helpers.js';

type SdkError = Error & Parameters<typeof isThrottlingError>[0];

async function settle<T>(calls: Array<Promise<T>>): Promise<{ ok: T[]; errors: SdkError[] }> {
  const results = await Promise.allSettled(calls);
  return {
    ok: results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
    errors: results.flatMap((result) => (result.status === 'rejected' ? [result.reason as SdkError] : [])),
  };
}

describe('Class: FakeRoute53 — throttling and faults', () => {
  let route53: FakeRoute53;
  afterEach(() => route53.stop());

  async function start(options: ConstructorParameters<typeof FakeRoute53>[0] = {}) {
    route53 = new FakeRoute53({ dns: false, ...options });
    const { endpoint } = await route53.start();
    return endpoint;
  }

  it('spends the default burst of 50, then answers HTTP 400 Throttling the SDK classifies as throttling', async () => {
    // Prepare: Route 53's defaults (burst 50, 10/s) on a clock the test moves, so the bucket refills by
    // what the test says elapsed, not by how long a busy machine took to send 60 requests; retries off
    // so every refusal surfaces.
    let clock = 0;
    const endpoint = await start({ throttlingClock: () => clock });
    const client = route53Client(endpoint, undefined, { maxAttempts: 1 });
    const burst = (n: number) =>
      settle(Array.from({ length: n }, () => client.send(new ListHostedZonesCommand({}))));

    // Act
    const { ok, errors } = await burst(60);

    // Assess: exactly the bucket's 50, and Route 53's throttling error for the other 10.
    expect(ok).toHaveLength(50);
    expect(errors).toHaveLength(10);
    for (const error of errors) {
      expect(error.name).toBe('Throttling');
      expect(error.message).toBe('Rate exceeded');
      expect(error.$metadata?.httpStatusCode).toBe(400);
      expect(isThrottlingError(error)).toBe(true);
    }

    // Act: one second later the bucket holds 10 again (10/s), no more.
    clock += 1000;
    const refilled = await burst(11);

    // Assess
    expect(refilled.ok).toHaveLength(10);
    expect(refilled.errors.map((error) => error.name)).toEqual(['Throttling']);
  });

  it("renders Route 53's throttling error document", async () => {
    const endpoint = await start({ throttling: { burst: 1, perSecond: 0.001 } });
    await fetch(`${endpoint}/2013-04-01/hostedzone`);
    const refused = await fetch(`${endpoint}/2013-04-01/hostedzone`);
    const body = await refused.text();
    expect(refused.status).toBe(400);
    expect(body).toMatch(
      /<ErrorResponse xmlns="https:\/\/route53\.amazonaws\.com\/doc\/2013-04-01\/"><Error><Type>Sender<\/Type><Code>Throttling<\/Code><Message>Rate exceeded<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/,
    );
    expect(refused.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets the SDK retry through throttling until every call succeeds', async () => {
    // Prepare: a small bucket that refills quickly. Its clock stands still until all 8 first attempts
    // have arrived (so 5 of them are refused however slowly they are sent), then runs in real time so
    // the SDK's backed-off retries find the bucket refilled.
    const firstAttempts = 8;
    let arrivals = 0;
    let startedAt: number | undefined;
    const clock = () => {
      arrivals++;
      if (arrivals <= firstAttempts) return 0;
      startedAt ??= performance.now();
      return performance.now() - startedAt;
    };
    const endpoint = await start({ throttling: { burst: 3, perSecond: 20 }, throttlingClock: clock });
    const client = route53Client(endpoint, undefined, { maxAttempts: 6 });

    // Act
    const { ok, errors } = await settle(
      Array.from({ length: firstAttempts }, () => client.send(new ListHostedZonesCommand({}))),
    );

    // Assess
    expect(errors).toEqual([]);
    expect(ok.filter((response) => (response.$metadata.attempts ?? 1) > 1)).toHaveLength(5);
    expect(
      route53.requestLog.filter((entry) => entry.errorCode === 'Throttling').length,
    ).toBeGreaterThanOrEqual(5);
  });

  it('keeps one bucket per account', async () => {
    const endpoint = await start({ throttling: { burst: 2, perSecond: 0.001 } });
    route53.registerPrincipal('ASIAACCOUNTONE', 'arn:aws:sts::111111111111:assumed-role/r/one');
    route53.registerPrincipal('ASIAACCOUNTTWO', 'arn:aws:sts::222222222222:assumed-role/r/two');
    const one = route53Client(endpoint, 'ASIAACCOUNTONE', { maxAttempts: 1 });
    const two = route53Client(endpoint, 'ASIAACCOUNTTWO', { maxAttempts: 1 });
    await one.send(new ListHostedZonesCommand({}));
    await one.send(new ListHostedZonesCommand({}));
    await expect(one.send(new ListHostedZonesCommand({}))).rejects.toMatchObject({ name: 'Throttling' });
    await expect(two.send(new ListHostedZonesCommand({}))).resolves.toBeDefined();
  });

  it('injects PriorRequestNotComplete: retried by the SDK, surfaced with retries off', async () => {
    const endpoint = await start({ throttling: false });
    const zoneId = await route53.createZone({ name: 'example.test' });
    const retrying: Route53Client = route53Client(endpoint);
    const once: Route53Client = route53Client(endpoint, undefined, { maxAttempts: 1 });

    route53.failNext({ operation: 'ChangeResourceRecordSets', error: 'PriorRequestNotComplete' });
    const retried = await change(retrying, zoneId, [
      { Action: 'CREATE', ResourceRecordSet: a('x.example.test', ['192.0.2.1']) },
    ]);
    expect(retried.$metadata.attempts).toBe(2);

    route53.failNext({ operation: 'ChangeResourceRecordSets', error: 'PriorRequestNotComplete' });
    const error = await change(once, zoneId, [
      { Action: 'CREATE', ResourceRecordSet: a('y.example.test', ['192.0.2.1']) },
    ]).catch((e: SdkError) => e);
    expect(error).toMatchObject({
      name: 'PriorRequestNotComplete',
      message: 'The request was rejected because Route 53 was still processing a prior request.',
    });
    expect(isThrottlingError(error as SdkError)).toBe(true);
    expect(route53.recordSets(zoneId).map((set) => set.Name)).not.toContain('y.example.test.');
  });

  it('injects 5xx, connection resets and slow answers, which the SDK retries or waits out', async () => {
    const endpoint = await start({ throttling: false });
    const client = route53Client(endpoint);

    route53.failNext({ error: 'ServiceUnavailable', times: 2 });
    const afterOutage = await client.send(new ListHostedZonesCommand({}));
    expect(afterOutage.$metadata.attempts).toBe(3);

    route53.failNext({ operation: 'ListHostedZones', error: 'ConnectionReset' });
    const afterReset = await client.send(new ListHostedZonesCommand({}));
    expect(afterReset.$metadata.attempts).toBe(2);

    route53.failNext({ delayMs: 250 });
    const started = performance.now();
    const slow = await client.send(new ListHostedZonesCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(slow.$metadata.attempts).toBe(1);

    route53.failNext({ error: { status: 500, code: 'InternalFailure', message: 'boom' } });
    const once = route53Client(endpoint, undefined, { maxAttempts: 1 });
    await expect(once.send(new ListHostedZonesCommand({}))).rejects.toMatchObject({
      name: 'InternalFailure',
      message: 'boom',
      $metadata: { httpStatusCode: 500 },
    });
  });
});
