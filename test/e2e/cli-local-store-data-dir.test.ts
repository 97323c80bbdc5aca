import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../bin/support/local-store.js';
import { runCli } from '../support/cli.js';
import { incidentFixture } from '../support/incidents.js';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

/** Every entry under `dir` (itself included) with its type, mode and owner: what must not change. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const visit = (path: string, rel: string) => {
    const stat = lstatSync(path);
    out.push(`${rel} ${stat.isDirectory() ? 'd' : 'f'} ${(stat.mode & 0o7777).toString(8)} ${stat.uid}`);
    if (stat.isDirectory())
      for (const name of readdirSync(path).sort()) visit(join(path, name), `${rel}/${name}`);
  };
  visit(dir, '.');
  return out;
}

async function seed(dir: string, id: string): Promise<void> {
  const local = await openLocalStore(dir, { create: true });
  await local.store.incidents.create(incidentFixture({ id }));
  await local.close();
}

const ids = (stdout: string) => (JSON.parse(stdout) as { id: string }[]).map((i) => i.id);

describe('CLI: --data names a Lookout data directory, and nothing else is touched', () => {
  let root: string;
  let configFile: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lookout-data-dir-'));
    configFile = join(root, 'lookout.config.yaml');
    // Nothing answers on port 1: start runs its round (the target is unreachable) and stops.
    writeFileSync(
      configFile,
      "probe:\n  intervalSeconds: 0.2\n  timeoutMs: 300\n  resolvers: ['127.0.0.1:1']\ntargets:\n  - name: api.lookout.test\n    mode: exact\n",
    );
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('a folder that is not a Lookout store (a project): refused in one line, every mode left as it was', async () => {
    // Prepare: a project with an executable script, a private file and a subfolder
    const project = join(root, 'project');
    mkdirSync(join(project, 'scripts'), { recursive: true });
    writeFileSync(join(project, 'scripts', 'deploy.sh'), '#!/bin/sh\necho deploy\n');
    chmodSync(join(project, 'scripts', 'deploy.sh'), 0o755);
    writeFileSync(join(project, 'README.md'), '# project\n');
    chmodSync(join(project, 'README.md'), 0o644);
    chmodSync(project, 0o755);
    const before = snapshot(project);

    // Act
    const runs = [
      await runCli(['incidents', '-d', project]),
      await runCli(['outbox', '--data', project]),
      await runCli(['start', '--config', configFile, '--data', project, '--rounds', '1']),
    ];

    // Assess
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `lookout: ${project} is not a Lookout data directory (it holds other files): use a new or empty directory\n`,
      );
    }
    expect(snapshot(project)).toEqual(before);
  });

  it('a directory that does not exist: every command but start says so and creates nothing; start creates it', async () => {
    const missing = join(root, 'typo');
    const empty = join(root, 'empty');
    mkdirSync(empty);

    const runs = [];
    for (const dir of [missing, empty]) {
      for (const args of [
        ['incidents'],
        ['show', 'inc-1'],
        ['ack', 'inc-1'],
        ['outbox'],
        ['outbox', 'retry', '--all'],
      ]) {
        runs.push({ dir, run: await runCli([...args, '--data', dir]) });
      }
    }
    const started = await runCli(['start', '--config', configFile, '--data', missing, '--rounds', '1']);
    const listed = await runCli(['incidents', '--data', missing, '--json']);

    for (const { dir, run } of runs) {
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `lookout: no Lookout data in ${dir} (nothing has run there yet; \`lookout start --data ${dir}\` creates it)\n`,
      );
    }
    expect(readdirSync(empty)).toEqual([]);
    expect(started.code).toBe(0);
    expect(existsSync(join(missing, 'dynamodb'))).toBe(true);
    expect(listed.code).toBe(0);
    expect(Array.isArray(JSON.parse(listed.stdout))).toBe(true);
  });

  it('LOOKOUT_DATA_DIR is honoured when --data is not given; a --data given wins, on outbox retry too', async () => {
    const a = join(root, 'env-a');
    const b = join(root, 'env-b');
    await seed(a, 'inc-a');
    await seed(b, 'inc-b');
    const cwd = mkdtempSync(join(root, 'cwd-'));
    const env = (dir: string) => ({ cwd, env: { LOOKOUT_DATA_DIR: dir } });

    const fromEnv = await runCli(['incidents', '--json'], env(a));
    const flagWins = await runCli(['incidents', '--json', '--data', b], env(a));
    const shown = await runCli(['show', 'inc-a', '--json'], env(a));
    const outboxEnv = await runCli(['outbox'], env(join(root, 'env-missing')));
    const retryParentFlag = await runCli(['outbox', '--data', b, 'retry', '--all'], env(join(root, 'nope')));
    const retryEnv = await runCli(['outbox', 'retry', '--all'], env(a));

    expect(ids(fromEnv.stdout)).toEqual(['inc-a']);
    expect(ids(flagWins.stdout)).toEqual(['inc-b']);
    expect(shown.code).toBe(0);
    expect(outboxEnv.code).toBe(1);
    expect(outboxEnv.stderr).toContain(`no Lookout data in ${join(root, 'env-missing')}`);
    expect([retryParentFlag.code, retryParentFlag.stdout]).toEqual([0, 'no failed items to retry\n']);
    expect([retryEnv.code, retryEnv.stdout]).toEqual([0, 'no failed items to retry\n']);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a Lookout entry of the wrong kind is one line and exit 74: dynamodb a file, endpoint or token a directory', async () => {
    const fileStore = join(root, 'kind-file');
    mkdirSync(fileStore);
    writeFileSync(join(fileStore, 'dynamodb'), 'not a LevelDB');
    const endpointDir = join(root, 'kind-endpoint');
    await seed(endpointDir, 'inc-1');
    mkdirSync(join(endpointDir, 'endpoint'));
    const tokenDir = join(root, 'kind-token');
    await seed(tokenDir, 'inc-1');
    mkdirSync(join(tokenDir, 'token'));

    const cases = [
      [fileStore, `${fileStore}/dynamodb is a file, not LevelDB's directory`],
      [endpointDir, `${endpointDir}/endpoint is a directory, not a file`],
      [tokenDir, `${tokenDir}/token is a directory, not a file`],
    ] as const;
    for (const [dir, why] of cases) {
      for (const args of [['incidents'], ['start', '--config', configFile, '--rounds', '1']]) {
        const run = await runCli([...args, '--data', dir]);
        expect([args[0], run.code]).toEqual([args[0], 74]);
        expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
        expect(run.stderr).toContain(why);
        expect(run.stderr).not.toMatch(/unexpected error|\n\s+at /);
      }
    }
  });

  it.skipIf(!isRoot)(
    'as root, a folder owned by another user (nobody): exit 77 in one line, nothing changed in it, nothing left',
    async () => {
      const theirs = join(root, 'nobodys');
      mkdirSync(join(theirs, 'dynamodb'), { recursive: true });
      chmodSync(theirs, 0o755);
      chmodSync(join(theirs, 'dynamodb'), 0o755);
      chownSync(theirs, NOBODY, NOBODY);
      chownSync(join(theirs, 'dynamodb'), NOBODY, NOBODY);
      const before = snapshot(theirs);

      const start = await runCli(['start', '--config', configFile, '--data', theirs, '--rounds', '1']);
      const list = await runCli(['incidents', '--data', theirs]);

      for (const run of [start, list]) {
        expect(run.code).toBe(77);
        expect(run.stderr).toBe(
          `lookout: ${theirs} belongs to another user (uid ${NOBODY}), not to you: Lookout keeps its data in a directory of your own; use another --data\n`,
        );
      }
      expect(snapshot(theirs)).toEqual(before);
    },
  );

  it.skipIf(!isRoot)(
    'as nobody, a root-owned folder anyone may write (0777): exit 77 in one line',
    async () => {
      const parent = mkdtempSync(join(tmpdir(), 'lookout-shared-'));
      try {
        chmodSync(parent, 0o755);
        const shared = join(parent, 'shared');
        mkdirSync(shared);
        chmodSync(shared, 0o777);
        const before = snapshot(shared);

        const run = await runCli(['incidents', '--data', shared], {
          uid: NOBODY,
          gid: NOBODY,
          cwd: tmpdir(),
          env: { HOME: tmpdir() },
        });

        expect(run.code).toBe(77);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe(
          `lookout: ${shared} belongs to another user (uid 0), not to you: Lookout keeps its data in a directory of your own; use another --data\n`,
        );
        expect(snapshot(shared)).toEqual(before);
      } finally {
        await rm(parent, { recursive: true, force: true });
      }
    },
  );
});
