import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../bin/support/local-store.js';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { runCli } from '../support/cli.js';
import { incidentFixture } from '../support/incidents.js';
import { type LookoutProcess, spawnLookout } from '../support/lookout-process.js';

const NAME = 'api.lookout.test';
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

/** `lookout start` in the background, as a user runs it in another terminal. */
function startLookout(args: string[]): LookoutProcess {
  return spawnLookout(['start', ...args]);
}

function modes(dir: string): [string, string][] {
  const out: [string, string][] = [['.', (statSync(dir).mode & 0o777).toString(8)]];
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      const stat = statSync(join(dir, rel));
      out.push([rel, (stat.mode & 0o777).toString(8)]);
      if (stat.isDirectory()) walk(rel);
    }
  };
  walk('');
  return out;
}

const oneLine = (text: string) => text.split('\n').filter(Boolean);

describe('CLI: the local store is private, one process at a time, and damage is one line', () => {
  let dns: DemoDnsServer;
  let root: string;
  let configFile: string;
  let running: LookoutProcess | undefined;

  beforeAll(async () => {
    dns = new DemoDnsServer({ zones: [{ origin: 'lookout.test', negativeTtl: 30 }] });
    const address = await dns.start();
    dns.setRecords(NAME, 'A', ['192.0.2.10'], 60);
    root = mkdtempSync(join(tmpdir(), 'lookout-cli-store-'));
    configFile = join(root, 'lookout.config.yaml');
    writeFileSync(
      configFile,
      [
        'probe:',
        '  intervalSeconds: 0.2',
        '  timeoutMs: 300',
        `  resolvers: ['${address}']`,
        'targets:',
        `  - name: ${NAME}`,
        '    mode: exact',
      ].join('\n'),
    );
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  afterAll(async () => {
    await dns.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('while start runs: tightened with one notice, token-only access, a second start refused (75)', async () => {
    // Prepare: a data directory others can read, as an older Lookout left it
    const data = join(root, 'running');
    mkdirSync(data, { mode: 0o755 });
    chmodSync(data, 0o755);
    writeFileSync(join(data, 'endpoint'), 'http://127.0.0.1:1');
    chmodSync(join(data, 'endpoint'), 0o644);

    // Act: start, and once it has written something, the owner's commands and an intruder's requests
    running = startLookout(['--config', configFile, '--data', data]);
    await running.until(/answering: 192\.0\.2\.10/);
    const endpoint = readFileSync(join(data, 'endpoint'), 'utf8');
    const unsignedScan = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.Scan' },
      body: JSON.stringify({ TableName: 'lookout' }),
    });
    const forgedPut = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem' },
      body: JSON.stringify({
        TableName: 'lookout',
        Item: {
          PK: { S: 'INCIDENT#inc-forged' },
          SK: { S: 'META' },
          GSI1PK: { S: 'INCIDENTS' },
          GSI1SK: { S: '2030-01-01T00:00:00.000Z#inc-forged' },
        },
      }),
    });
    const listed = await runCli(['incidents', '--data', data, '--json']);
    const second = await runCli(['start', '--config', configFile, '--data', data, '--rounds', '1']);

    // Assess
    expect(oneLine(running.stderr())).toEqual([
      expect.stringMatching(
        /^lookout: made the local store private \(only you can read it now\): .*running \(was 0755\), .*running\/endpoint \(was 0644\)$/,
      ),
    ]);
    expect(unsignedScan.status).toBe(403);
    expect(forgedPut.status).toBe(403);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(second.code).toBe(75);
    expect(oneLine(second.stderr)).toEqual([
      `lookout: another Lookout is already running on data directory ${data} (${endpoint}); stop it or use --data`,
    ]);
    for (const [path, mode] of modes(data)) {
      expect([path, mode]).toEqual([path, statSync(join(data, path)).isDirectory() ? '700' : '600']);
    }

    expect(await running.stop()).toBe(0);
    running = undefined;
    expect(existsSync(join(data, 'token'))).toBe(false);
    expect(existsSync(join(data, 'endpoint'))).toBe(false);
  });

  it.skipIf(!isRoot)(
    'another user (nobody) running lookout against the directory gets one line and exit 77',
    async () => {
      const data = join(root, 'someone-elses');
      running = startLookout(['--config', configFile, '--data', data]);
      await running.until(/answering: 192\.0\.2\.10/);

      const run = await runCli(['incidents', '--data', data], {
        uid: NOBODY,
        gid: NOBODY,
        env: { HOME: tmpdir() },
      });

      expect(run.code).toBe(77);
      expect(run.stderr).toBe(`lookout: cannot read ${data} (owned by another user?)\n`);
      expect(run.stdout).toBe('');
    },
  );

  it('two `lookout incidents` at once on one directory (no start): both succeed', async () => {
    const data = join(root, 'twice');
    const seed = await openLocalStore(data, { create: true });
    await seed.store.incidents.create(incidentFixture({ id: 'inc-1' }));
    await seed.close();

    const [a, b] = await Promise.all([
      runCli(['incidents', '--data', data, '--json']),
      runCli(['incidents', '--data', data, '--json']),
    ]);

    for (const run of [a, b]) {
      expect(run.code).toBe(0);
      expect((JSON.parse(run.stdout) as { id: string }[]).map((i) => i.id)).toEqual(['inc-1']);
      // The one that found the store locked may say it waited; nothing else.
      expect(oneLine(run.stderr).filter((l) => !l.endsWith('waiting up to 10 s'))).toEqual([]);
    }
  });

  it('`lookout incidents` while another process holds the store: waits, says so in one line, then succeeds', async () => {
    // Prepare: this test process holds the store the way another `lookout incidents` would
    const data = join(root, 'held');
    const held = await openLocalStore(data, { create: true });
    await held.store.incidents.create(incidentFixture({ id: 'inc-held' }));

    // Act: release it once the command says it is waiting
    const run = spawnLookout(['incidents', '--data', data, '--json']);
    await run.until(/waiting up to 10 s/);
    await held.close();
    const code = await run.exited;

    // Assess
    expect(code).toBe(0);
    expect(oneLine(run.stderr())).toEqual([
      `lookout: ${data} is in use by another lookout process; waiting up to 10 s`,
    ]);
    expect((JSON.parse(run.stdout()) as { id: string }[]).map((i) => i.id)).toEqual(['inc-held']);
  });

  it.each([
    ['CURRENT', (f: string) => f === 'CURRENT'],
    ['a table file (.ldb)', (f: string) => f.endsWith('.ldb')],
  ])(
    'a damaged store (garbage in %s): one line naming the directory and what to do, exit 74',
    async (what, pick) => {
      // Prepare: data, reopened so the log became a table file, then damaged while nothing runs
      const data = join(root, `damaged-${what.length}`);
      for (let i = 0; i < 2; i++) {
        const local = await openLocalStore(data, { create: true });
        await local.store.incidents.create(incidentFixture({ id: `inc-${i}` }));
        await local.close();
      }
      const levelDir = join(data, 'dynamodb');
      const files = readdirSync(levelDir).filter(pick);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        writeFileSync(join(levelDir, file), Buffer.alloc(statSync(join(levelDir, file)).size, 0x41));
      }

      // Act
      const list = await runCli(['incidents', '--data', data]);
      const start = await runCli(['start', '--config', configFile, '--data', data, '--rounds', '1']);

      // Assess
      for (const run of [list, start]) {
        expect(run.code).toBe(74);
        expect(oneLine(run.stderr)).toEqual([
          expect.stringMatching(
            new RegExp(
              `^lookout: the local store in ${data} is damaged \\(.+\\): move ${data} aside \\(e\\.g\\. mv ${data} ${data}\\.damaged\\) and start again, or restore it from a backup$`,
            ),
          ),
        ]);
        expect(run.stderr).not.toMatch(/\n\s+at /);
      }
    },
  );
});
