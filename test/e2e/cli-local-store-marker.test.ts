import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../bin/support/local-store.js';
import { runCli } from '../support/cli.js';
import { incidentFixture } from '../support/incidents.js';

/** Every entry under `dir` (itself included) with its type and mode: what must not change. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const visit = (path: string, rel: string) => {
    const stat = lstatSync(path);
    out.push(`${rel} ${stat.isDirectory() ? 'd' : 'f'} ${(stat.mode & 0o7777).toString(8)}`);
    if (stat.isDirectory())
      for (const name of readdirSync(path).sort()) visit(join(path, name), `${rel}/${name}`);
  };
  visit(dir, '.');
  return out;
}

describe('CLI: a Lookout store is recognised by its marker, or by LevelDB files from before the marker', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lookout-marker-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('a project with README.md and its own dynamodb/schema.json is not a store: exit 1, modes unchanged, no LevelDB created', async () => {
    // Arrange: the reviewer's repro
    const project = join(root, 'proj');
    mkdirSync(join(project, 'dynamodb'), { recursive: true });
    writeFileSync(join(project, 'README.md'), '# proj\n');
    writeFileSync(join(project, 'dynamodb', 'schema.json'), '{}\n');
    chmodSync(join(project, 'README.md'), 0o644);
    chmodSync(join(project, 'dynamodb', 'schema.json'), 0o644);
    chmodSync(join(project, 'dynamodb'), 0o755);
    chmodSync(project, 0o755);
    const before = snapshot(project);

    // Act
    const run = await runCli(['incidents', '--data', project]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/is not a Lookout data directory \(it holds other files\)/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(snapshot(project)).toEqual(before);
    expect(readdirSync(join(project, 'dynamodb'))).toEqual(['schema.json']);
    expect(existsSync(join(project, '.lookout-store'))).toBe(false);
  });

  it('a store made before the marker (LevelDB files only) still opens, shows its incidents and gets the marker (0600)', async () => {
    // Arrange: a store as an earlier Lookout left it: no marker
    const store = join(root, 'old-store');
    const local = await openLocalStore(store, { create: true });
    await local.store.incidents.create(incidentFixture({ id: 'inc-old' }));
    await local.close();
    await rm(join(store, '.lookout-store'));
    expect(readdirSync(store)).toEqual(['dynamodb']);

    // Act
    const run = await runCli(['incidents', '--data', store, '--json']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('inc-old');
    expect(readFileSync(join(store, '.lookout-store'), 'utf8')).toBe('lookout-store 1\n');
    expect(lstatSync(join(store, '.lookout-store')).mode & 0o777).toBe(0o600);
  });

  it('in a store, a foreign file in dynamodb/ is left alone (not tightened); LevelDB files are', async () => {
    const store = join(root, 'store-with-note');
    const local = await openLocalStore(store, { create: true });
    await local.close();
    writeFileSync(join(store, 'dynamodb', 'NOTES.txt'), 'mine\n');
    chmodSync(join(store, 'dynamodb', 'NOTES.txt'), 0o644);
    chmodSync(join(store, 'dynamodb', 'CURRENT'), 0o644);

    const run = await runCli(['incidents', '--data', store]);

    expect(run.code).toBe(0);
    expect(lstatSync(join(store, 'dynamodb', 'NOTES.txt')).mode & 0o777).toBe(0o644);
    expect(lstatSync(join(store, 'dynamodb', 'CURRENT')).mode & 0o777).toBe(0o600);
  });
});
