import { ChangeResourceRecordSetsCommand, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRoute53, reversedName } from '../support/route53/index.js';
import { a, listAll, route53Client } from '../support/route53/sdk-helpers.js';

const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1] ?? Number.NaN;

function zoneOf(size: number, origin: string): ResourceRecordSet[] {
  return Array.from({ length: size }, (_, i) =>
    a(`h${i}.s${i % 97}.${origin}`, [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`]),
  );
}

describe('Class: FakeRoute53 — a 100,000-record zone', () => {
  const route53 = new FakeRoute53({ throttling: false, dns: false });
  let endpoint: string;
  let big: string;
  let small: string;

  beforeAll(async () => {
    ({ endpoint } = await route53.start());
    big = await route53.createZone({ name: 'big.test', recordQuota: 200_000 });
    small = await route53.createZone({ name: 'small.test' });
    route53.seed(small, zoneOf(1000, 'small.test'));
  });
  afterAll(() => route53.stop());

  it('seeds 100,000 record sets and lists them through the SDK in 334 pages, in order', async () => {
    // Act
    const seeding = performance.now();
    route53.seed(big, zoneOf(100_000, 'big.test'));
    const seedMs = performance.now() - seeding;
    const listing = performance.now();
    const { sets, pages } = await listAll(route53Client(endpoint), big);
    const listMs = performance.now() - listing;

    // Assess: generous bounds for a loaded 2-core box; measured ≈0.6 s and ≈1.5 s.
    expect(seedMs).toBeLessThan(5_000);
    expect(listMs).toBeLessThan(20_000);
    expect(sets).toHaveLength(100_002);
    expect(pages).toHaveLength(334);
    const keys = sets.map((set) => `${reversedName(set.Name ?? '')}\u0000${set.Type}`);
    expect(keys.every((key, i) => i === 0 || (keys[i - 1] ?? '') < key)).toBe(true);
  });

  it('spends about the same server time on a page of a 100,000-record zone as of a 1,000-record one', async () => {
    // Prepare: warm both paths, then measure server-side time per ListResourceRecordSets request.
    const client = route53Client(endpoint);
    const serverMs = () =>
      route53.requestLog
        .filter((entry) => entry.operation === 'ListResourceRecordSets')
        .map((entry) => entry.durationMs);
    for (let i = 0; i < 5; i++) await listAll(client, small);

    // Act
    const beforeSmall = serverMs().length;
    for (let i = 0; i < 10; i++) await listAll(client, small);
    const smallPages = serverMs().slice(beforeSmall);
    const beforeBig = serverMs().length;
    await listAll(client, big);
    const bigPages = serverMs().slice(beforeBig);

    // Assess: O(page), not O(zone) — a scan of 100,000 sets per page would be ~100× the small zone's.
    expect(median(bigPages)).toBeLessThan(3 * median(smallPages) + 1);
    expect(median(bigPages.slice(-50))).toBeLessThan(3 * median(bigPages.slice(0, 50)) + 1);
  });

  it('validates and applies a change in a 100,000-record zone without scanning it', async () => {
    const client = route53Client(endpoint);
    const started = performance.now();
    for (let i = 0; i < 50; i++) {
      await client.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: big,
          ChangeBatch: {
            Changes: [
              { Action: 'DELETE', ResourceRecordSet: a(`h${i}.s${i % 97}.big.test`, [`10.0.0.${i}`]) },
              { Action: 'CREATE', ResourceRecordSet: a(`h${i}.s${i % 97}.big.test`, [`10.9.9.${i}`]) },
            ],
          },
        }),
      );
    }
    const changeMs = route53.requestLog
      .filter((entry) => entry.operation === 'ChangeResourceRecordSets')
      .map((entry) => entry.durationMs);
    expect(median(changeMs)).toBeLessThan(5);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(route53.zoneInfo(big).recordSetCount).toBe(100_002);
  });
});
