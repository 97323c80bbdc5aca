import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRoute53 } from '../../emulators/route53/index.js';
import { a, change, route53Client } from '../../emulators/route53/sdk-helpers.js';
import { runCli } from '../support/cli.js';

const NAME = 'api.example.com';

describe('CLI: a local start with a route53 section builds the history lookout restore needs', () => {
  let fake: FakeRoute53;
  let endpoint: string;
  let zoneId: string;
  let dir: string;

  beforeAll(async () => {
    fake = new FakeRoute53({ throttling: false });
    ({ endpoint } = await fake.start());
    // A STANDARD zone: no Change History, so what Lookout knows comes from its own snapshots.
    zoneId = await fake.createZone({ name: 'example.com' });
    await change(route53Client(endpoint), zoneId, [
      { Action: 'CREATE', ResourceRecordSet: a(NAME, ['10.0.0.1']) },
    ]);
    dir = mkdtempSync(join(tmpdir(), 'lookout-r53-restore-'));
    writeFileSync(
      join(dir, 'lookout.config.yaml'),
      [
        'probe:',
        '  intervalSeconds: 0.2',
        `  resolvers: ['${fake.dnsAddress}']`,
        'targets:',
        `  - name: ${NAME}`,
        'route53:',
        '  zones:',
        `    - id: ${zoneId}`,
        // Any version a snapshot saw counts: one round of `start` is one snapshot, one instant of evidence.
        '  lastKnownGoodStableSeconds: 0',
      ].join('\n'),
    );
  });
  afterAll(async () => fake.stop());

  const env = () => ({
    LOOKOUT_ROUTE53_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: 'ASIALOOKOUT',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'us-east-1',
  });

  it('finds the version a snapshot saw after the record is deleted, and names no writer nobody recorded', async () => {
    // Prepare: one round of `start` snapshots the zone; then the record is deleted.
    const config = join(dir, 'lookout.config.yaml');
    const data = join(dir, 'data');
    const start = await runCli(['start', '--config', config, '--data', data, '--rounds', '1'], {
      env: env(),
    });
    expect(start.code).toBe(0);
    await change(route53Client(endpoint), zoneId, [
      { Action: 'DELETE', ResourceRecordSet: a(NAME, ['10.0.0.1']) as ResourceRecordSet },
    ]);

    // Act
    const restore = await runCli(
      ['restore', zoneId, NAME, 'A', '--dry-run', '--config', config, '--data', data, '--endpoint', endpoint],
      { env: env() },
    );

    // Assess
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(
      /last-known-good: {2}10\.0\.0\.1 \(TTL 60\) — version 1, first seen \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by a zone snapshot, writer unknown\n/,
    );
    expect(restore.stdout).toMatch(/CREATE +10\.0\.0\.1 \(TTL 60\)/);
    expect(restore.stdout).toContain('dry run: nothing was changed');
  });
});
