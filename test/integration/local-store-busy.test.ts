import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../bin/support/local-store.js';
import { StoreBusyError, StoreDamagedError } from '../../emulators/dynamodb/errors.js';
import { incidentFixture } from '../support/incidents.js';

describe('Local store: one process at a time, and a damaged store named', () => {
  let dir: string;

  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'lookout-busy-')), 'data');
  });
  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('two Lookouts starting on one directory at once: one serves, the other gets StoreBusyError naming it', async () => {
    const results = await Promise.allSettled([
      openLocalStore(dir, { serve: true }),
      openLocalStore(dir, { serve: true }),
    ]);

    const opened = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    await Promise.all(opened.map((l) => l.close()));
    expect(opened).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(StoreBusyError);
    expect((refused[0] as StoreBusyError).code).toBe('STORE_BUSY');
    expect((refused[0] as Error).message).toContain(dir);
    expect((refused[0] as Error).message).toContain('already running');
  });

  it('two commands opening the store directly at once: with no wait, the second is refused with the directory named', async () => {
    const results = await Promise.allSettled([
      openLocalStore(dir, { waitMs: 0, create: true }),
      openLocalStore(dir, { waitMs: 0, create: true }),
    ]);

    const opened = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    await Promise.all(opened.map((l) => l.close()));
    expect(opened).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(StoreBusyError);
    expect((refused[0] as Error).message).toBe(
      `data directory ${dir} is in use by another lookout process (its store is locked); try again when it has finished, or use another --data`,
    );
  });

  it('a command waits for another to let go of the directory, then opens it', async () => {
    const first = await openLocalStore(dir, { create: true });
    await first.store.incidents.create(incidentFixture({ id: 'inc-1' }));
    let waiting: () => void = () => undefined;
    const waited = new Promise<void>((r) => {
      waiting = r;
    });
    const notices: string[] = [];
    const second = openLocalStore(dir, {
      notice: (line) => {
        notices.push(line);
        if (line.includes('waiting')) waiting();
      },
    });

    // Act: let go once the second has found the store locked and said it waits
    await waited;
    await first.close();

    // Assess
    const opened = await second;
    try {
      expect(notices.filter((line) => line.includes('waiting'))).toEqual([
        `lookout: ${dir} is in use by another lookout process; waiting up to 10 s`,
      ]);
      expect((await opened.store.incidents.list()).map((i) => i.id)).toEqual(['inc-1']);
    } finally {
      await opened.close();
    }
  });

  it.each([
    ['CURRENT', (files: string[]) => files.filter((f) => f === 'CURRENT')],
    ['MANIFEST', (files: string[]) => files.filter((f) => f.startsWith('MANIFEST-'))],
    ['a table file (.ldb)', (files: string[]) => files.filter((f) => f.endsWith('.ldb'))],
  ])('garbage in %s: StoreDamagedError naming the directory and what to do', async (_what, pick) => {
    // Prepare: a store with data, reopened so its log became a table file, then damaged while stopped
    for (let i = 0; i < 2; i++) {
      const local = await openLocalStore(dir, { create: true });
      await local.store.incidents.create(incidentFixture({ id: `inc-${i}` }));
      await local.close();
    }
    const levelDir = join(dir, 'dynamodb');
    const targets = pick(readdirSync(levelDir));
    expect(targets.length).toBeGreaterThan(0);
    for (const file of targets) {
      const bytes = readFileSync(join(levelDir, file));
      writeFileSync(join(levelDir, file), Buffer.alloc(bytes.length, 0x41));
    }

    // Act
    const error = await openLocalStore(dir, { waitMs: 0 }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(StoreDamagedError);
    expect((error as StoreDamagedError).code).toBe('STORE_DAMAGED');
    expect((error as Error).message).toMatch(
      new RegExp(
        `^the local store in ${dir} is damaged \\(.+\\): move ${dir} aside .* or restore it from a backup$`,
      ),
    );
  });
});
