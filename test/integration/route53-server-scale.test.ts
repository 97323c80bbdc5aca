import { ChangeResourceRecordSetsCommand, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRoute53, reversedName } from '../../emulators/route53/index.js';
import { a, listAll, route53Client } from '../../emulators/route53/sdk-helpers.js';

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

  // How fast the server does all this is `npm run bench`'s business (BENCHMARKS.md, "Route 53 API server");
  // these tests count the work it does — record sets its index reads — which no machine load changes.

  it('seeds 100,000 record sets and lists them through the SDK in 334 pages, in order', async () => {
    // Act
    route53.seed(big, zoneOf(100_000, 'big.test'));
    const { sets, pages } = await listAll(route53Client(endpoint), big);

    // Assess
    expect(sets).toHaveLength(100_002);
    expect(pages).toHaveLength(334);
    const keys = sets.map((set) => `${reversedName(set.Name ?? '')}\u0000${set.Type}`);
    expect(keys.every((key, i) => i === 0 || (keys[i - 1] ?? '') < key)).toBe(true);
  });

  it('reads about one record set per record set listed, in a 100,000-record zone as in a 1,000-record one', async () => {
    // Prepare
    const client = route53Client(endpoint);
    const readPerListed = async (zoneId: string) => {
      const before = route53.itemsRead(zoneId);
      const { sets } = await listAll(client, zoneId);
      return (route53.itemsRead(zoneId) - before) / sets.length;
    };

    // Act
    const small1k = await readPerListed(small);
    const big100k = await readPerListed(big);

    // Assess: a page costs O(log n + page), not O(zone) — a scan per page would read ~334 per set listed.
    expect(small1k).toBeGreaterThanOrEqual(1);
    expect(big100k).toBeGreaterThanOrEqual(1);
    expect(big100k).toBeLessThan(1.2);
    expect(big100k).toBeLessThan(1.2 * small1k);
  });

  it('validates and applies a change in a 100,000-record zone without scanning it', async () => {
    // Prepare
    const client = route53Client(endpoint);
    const before = route53.itemsRead(big);

    // Act
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

    // Assess: a DELETE + CREATE batch reads a few dozen record sets (two binary searches each), not 100,000.
    const perBatch = (route53.itemsRead(big) - before) / 50;
    expect(perBatch).toBeGreaterThan(0);
    expect(perBatch).toBeLessThan(100);
    expect(route53.zoneInfo(big).recordSetCount).toBe(100_002);
  });
});
