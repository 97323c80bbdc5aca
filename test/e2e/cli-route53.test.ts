import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRoute53 } from '../../emulators/route53/index.js';
import { a, change, route53Client } from '../../emulators/route53/sdk-helpers.js';
import { runCli } from '../support/cli.js';

const NAME = 'api.example.com';

describe('CLI: lookout start with a route53 section (local zone polling against a Route 53 API server)', () => {
  let fake: FakeRoute53;
  let endpoint: string;
  let dnsAddress: string;
  let zoneId: string;
  let dir: string;

  beforeAll(async () => {
    fake = new FakeRoute53({ throttling: false });
    const started = await fake.start();
    endpoint = started.endpoint;
    zoneId = await fake.createZone({ name: 'example.com' });
    dnsAddress = fake.dnsAddress as string;
    fake.registerPrincipal('ASIAENACTOR1', 'arn:aws:sts::111122223333:assumed-role/dns-enactor/enactor-1');
    await change(route53Client(endpoint, 'ASIAENACTOR1'), zoneId, [
      { Action: 'UPSERT', ResourceRecordSet: a(NAME, ['10.0.0.1']) },
    ]);
    dir = mkdtempSync(join(tmpdir(), 'lookout-r53-'));
    writeFileSync(
      join(dir, 'lookout.config.yaml'),
      [
        'probe:',
        '  intervalSeconds: 0.2',
        `  resolvers: ['${dnsAddress}']`,
        'targets:',
        `  - name: ${NAME}`,
        'route53:',
        '  zones:',
        `    - id: ${zoneId}`,
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

  it('snapshots the zone, keeps the baseline across restarts, and reports EMPTY from Route 53 itself', async () => {
    const args = [
      'start',
      '--config',
      join(dir, 'lookout.config.yaml'),
      '--data',
      join(dir, 'data'),
      '--rounds',
      '1',
    ];
    const first = await runCli(args, { env: env() });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Route 53: snapshots of ${zoneId} every 5 min`);

    await change(route53Client(endpoint, 'ASIAENACTOR1'), zoneId, [
      { Action: 'DELETE', ResourceRecordSet: a(NAME, ['10.0.0.1']) as ResourceRecordSet },
    ]);
    const second = await runCli(args, { env: env() });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(
      new RegExp(
        `OPENED\\s+Route 53 holds no answer for ${NAME.replace(/\./g, '\\.')} A: the record set was deleted`,
      ),
    );
    expect(second.stderr).not.toMatch(/error/i);
  });
});
