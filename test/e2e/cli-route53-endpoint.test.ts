import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'lookout-endpoint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A config that needs no network: one target asked through a loopback port nothing listens on.
const config = join(root, 'lookout.config.yaml');
writeFileSync(
  config,
  'probe: { resolvers: ["127.0.0.1:9"], timeoutMs: 50 }\ntargets: [{ name: api.example.test }]\nroute53: { zones: [{ id: Z0123456789ABCDEFGHIJ }] }\n',
);

describe('The Route 53 endpoint: one reader, refused in one line before anything starts', () => {
  it.each([
    [
      'start, from LOOKOUT_ROUTE53_ENDPOINT',
      ['start', '--rounds', '1'],
      { LOOKOUT_ROUTE53_ENDPOINT: 'ftp://x' },
    ],
    [
      'replay, from --endpoint',
      ['replay', 'test/events/cloudtrail/race.ndjson', '--endpoint', 'http://127.0.0.1:99999'],
      {},
    ],
    ['posture, from LOOKOUT_ROUTE53_ENDPOINT', ['posture'], { LOOKOUT_ROUTE53_ENDPOINT: 'http://[::1' }],
    [
      'restore, from --endpoint',
      [
        'restore',
        'Z0123456789ABCDEFGHIJ',
        'api.example.test',
        'A',
        '--endpoint',
        'http://127.0.0.1:99999',
        '--yes',
      ],
      {},
    ],
  ])('%s', async (_name, args, env) => {
    // Prepare: a data directory of its own per case
    const data = mkdtempSync(join(root, 'data-'));

    // Act
    const run = await runCli(args, { env: { LOOKOUT_CONFIG_FILE: config, LOOKOUT_DATA_DIR: data, ...env } });

    // Assess: a usage error naming where the value came from; the store was never opened or published
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/invalid (--endpoint|LOOKOUT_ROUTE53_ENDPOINT|local environment)/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(data, 'endpoint'))).toBe(false);
  });
});
