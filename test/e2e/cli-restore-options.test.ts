import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RestoreIo, restoreCommand } from '../../bin/commands/restore.js';
import { openLocalStore } from '../../bin/support/local-store.js';
import { type AppliedBatch, FakeRoute53 } from '../../emulators/route53/index.js';
import { route53Client } from '../../emulators/route53/sdk-helpers.js';
import type { ChangeAction, ControlPlaneChange } from '../../lambda/domain/route53/control-plane-change.js';
import { runCommand } from '../support/command-io.js';
import { pipeline } from '../support/pipeline.js';

const NAME = 'api.example.test';
const GOOD = ['10.0.0.1', '10.0.0.2'];
const WRITER = 'arn:aws:sts::123456789012:assumed-role/dns-enactor/enactor-1';

const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

function change(zoneId: string, id: string, at: string, action: ChangeAction): ControlPlaneChange {
  return {
    id,
    source: 'cloudtrail',
    at,
    action,
    recordSet: { key: { zoneId, name: NAME, type: 'A' }, ttl: 60, values: GOOD },
    writer: { principalArn: WRITER, roleName: 'dns-enactor', sessionName: 'enactor-1' },
    requestId: `req-${id}`,
  };
}

/**
 * A data directory whose history holds one version of api.example.test A that was current for
 * `stableFor` seconds before it was deleted (a minute ago).
 */
async function storeWithHistory(dir: string, zoneId: string, stableFor: number): Promise<void> {
  const local = await openLocalStore(dir, { create: true });
  try {
    const { ingest } = pipeline(local.store, { detection: { autoResolve: false } });
    await ingest.ingest(change(zoneId, 'ev1#0', secondsAgo(60 + stableFor), 'CREATE'));
    await ingest.ingest(change(zoneId, 'ev2#0', secondsAgo(60), 'DELETE'));
  } finally {
    await local.close();
  }
}

describe('Command: lookout restore — where it reads from, and what it says when AWS is out of reach', () => {
  let route53: FakeRoute53;
  let zoneId: string;
  let root: string;
  let batches: AppliedBatch[] = [];
  /** Requests the fake had answered when the test began. */
  let requestsBefore = 0;
  /** Data directories: one whose version was stable 2 hours, one whose version was stable 120 s. */
  let longStable: string;
  let shortStable: string;

  /** `lookout restore <zone> api.example.test A <args>` in-process, with credentials unless told. */
  function restore(args: string[], io: Partial<RestoreIo> = {}) {
    return runCommand(
      (captured) =>
        restoreCommand({
          ...captured,
          interactive: () => false,
          env: {},
          route53Client: (endpoint) => route53Client(endpoint ?? route53.endpoint),
          ...io,
        }),
      [zoneId, NAME, 'A', ...args],
    );
  }

  // No test changes the zone or the stores (a restore that goes through would): they share them.
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lookout-restore-options-'));
    route53 = new FakeRoute53({ throttling: false, dns: false });
    await route53.start();
    zoneId = await route53.createZone({ name: 'example.test' });
    route53.onChange((batch) => batches.push(batch));
    longStable = join(root, 'long');
    shortStable = join(root, 'short');
    await storeWithHistory(longStable, zoneId, 7200);
    await storeWithHistory(shortStable, zoneId, 120);
  });
  afterAll(async () => {
    await route53.stop();
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    batches = [];
    requestsBefore = route53.requestLog.length;
  });
  afterEach(() => {
    route53.clearFaults();
  });

  describe('the one precedence rule: flag, then environment, then config file, then default', () => {
    it('reads the store LOOKOUT_DATA_DIR names when --data is not given, and --data wins over it', async () => {
      // Act
      const fromEnv = await restore(['--dry-run', '--endpoint', route53.endpoint], {
        env: { LOOKOUT_DATA_DIR: longStable },
      });
      const fromFlag = await restore(['--dry-run', '--endpoint', route53.endpoint, '--data', shortStable], {
        env: { LOOKOUT_DATA_DIR: longStable },
      });

      // Assess: only the long-stable history has a last-known-good version under the default 300 s
      expect(fromEnv.err).toBe('');
      expect(fromEnv.exitCode).toBe(0);
      expect(fromEnv.out).toContain('last-known-good:  10.0.0.1, 10.0.0.2 (TTL 60)');
      expect(fromEnv.out).toContain('dry run: nothing was changed');
      expect(fromFlag.exitCode).toBe(1);
      expect(fromFlag.err).toContain('has not seen this record set stable for 300 s');
    });

    it('takes lastKnownGoodStableSeconds from --config; --stable-seconds wins over it', async () => {
      // Prepare
      const config = join(root, 'sixty.yaml');
      await writeFile(
        config,
        `targets:\n  - name: ${NAME}\nroute53:\n  zones:\n    - id: ${zoneId}\n  lastKnownGoodStableSeconds: 60\n`,
      );
      const common = ['--dry-run', '--endpoint', route53.endpoint, '--data', shortStable];

      // Act
      const byDefault = await restore(common);
      const byConfig = await restore([...common, '--config', config]);
      const byFlag = await restore([...common, '--config', config, '--stable-seconds', '200']);

      // Assess
      expect(byDefault.exitCode).toBe(1);
      expect(byDefault.err).toContain('stable for 300 s');
      expect(byConfig.exitCode).toBe(0);
      expect(byConfig.out).toContain('last-known-good:  10.0.0.1, 10.0.0.2 (TTL 60)');
      expect(byFlag.exitCode).toBe(1);
      expect(byFlag.err).toContain('stable for 200 s');
      expect(batches).toEqual([]);
    });

    it('reads the config LOOKOUT_CONFIG_FILE names, and says so when that file is missing', async () => {
      // Prepare
      const config = join(root, 'env-sixty.yaml');
      await writeFile(
        config,
        `targets:\n  - name: ${NAME}\nroute53:\n  zones:\n    - id: ${zoneId}\n  lastKnownGoodStableSeconds: 60\n`,
      );
      const args = ['--dry-run', '--endpoint', route53.endpoint, '--data', shortStable];

      // Act
      const named = await restore(args, { env: { LOOKOUT_CONFIG_FILE: config } });
      const missing = await restore(args, { env: { LOOKOUT_CONFIG_FILE: join(root, 'gone.yaml') } });

      // Assess
      expect(named.exitCode).toBe(0);
      expect(named.out).toContain('dry run: nothing was changed');
      expect(missing.thrown).toBeInstanceOf(Error);
      expect((missing.thrown as Error).message).toBe(
        `cannot read config file ${join(root, 'gone.yaml')} (named by LOOKOUT_CONFIG_FILE): it does not exist`,
      );
    });

    it('refuses a data directory that does not exist instead of reading an empty store', async () => {
      // Act
      const flag = await restore(['--dry-run', '--data', join(root, 'typo')]);
      const env = await restore(['--dry-run'], { env: { LOOKOUT_DATA_DIR: join(root, 'typo-env') } });

      // Assess
      for (const [run, dir] of [
        [flag, 'typo'],
        [env, 'typo-env'],
      ] as const) {
        expect((run.thrown as Error).name).toBe('ConfigError');
        expect((run.thrown as Error).message).toContain(`no Lookout data in ${join(root, dir)}`);
      }
      expect(route53.requestLog.length).toBe(requestsBefore);
    });
  });

  describe('network and credentials: one line, a documented exit code, never 70', () => {
    it('a refused connection exits 69 and says nothing was changed', async () => {
      // Act
      const run = await restore(['--dry-run', '--data', longStable, '--endpoint', 'http://127.0.0.1:1']);

      // Assess
      expect(run.thrown).toBeUndefined();
      expect(run.exitCode).toBe(69);
      expect(run.err).toBe(
        'lookout: cannot reach the Route 53 API at http://127.0.0.1:1: connection refused; nothing was changed',
      );
    });

    it('no AWS credentials at all exits 77 and says how to provide them', async () => {
      // Prepare: the SDK's own default chain, in an environment that has no credentials anywhere
      const saved = { ...process.env };
      for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
      Object.assign(process.env, {
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: join(root, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(root, 'no-aws-credentials'),
      });
      try {
        // Act
        const run = await restore(['--dry-run', '--data', longStable, '--endpoint', route53.endpoint], {
          route53Client: undefined,
        });

        // Assess
        expect(run.thrown).toBeUndefined();
        expect(run.exitCode).toBe(77);
        expect(run.err).toMatch(
          new RegExp(
            `^lookout: no AWS credentials for the Route 53 API at ${route53.endpoint} \\(.+\\): set AWS_PROFILE, export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or sign in \\(aws sso login\\); nothing was changed$`,
          ),
        );
        expect(route53.requestLog.length).toBe(requestsBefore);
      } finally {
        process.env = saved;
      }
    });

    it('a connection broken while the batch is sent exits 69 without claiming nothing changed', async () => {
      // Prepare: every attempt the SDK makes at ChangeResourceRecordSets loses its connection
      route53.failNext({ operation: 'ChangeResourceRecordSets', error: 'ConnectionReset', times: 10 });

      // Act
      const run = await restore(['--yes', '--data', longStable, '--endpoint', route53.endpoint]);

      // Assess
      expect(run.exitCode).toBe(69);
      expect(run.err).toBe(
        `lookout: cannot reach the Route 53 API at ${route53.endpoint}: the connection was reset; Route 53 may have taken the batch: run the same command with --dry-run to see what it holds now`,
      );
      expect(run.err).not.toContain('nothing was changed');
    });
  });
});
