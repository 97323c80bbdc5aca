import { lstatSync, mkdirSync, readdirSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreDamagedError } from '../../emulators/dynamodb/errors.js';
import { ConfigError } from '../../lambda/config/errors.js';
import {
  accessError,
  checkAccess,
  checkOwner,
  isLevelDbFile,
  LOOKOUT_ENTRIES,
  STORE_MARKER,
} from './local-store-permissions.js';

/** What the store marker says: which layout of the data directory this Lookout wrote. */
const MARKER_TEXT = 'lookout-store 1\n';

/**
 * Checks, before anything in it is read or changed, that `dir` can be Lookout's data directory:
 *
 * - it exists, unless `create` (only `lookout start` creates one: for any other command a missing
 *   directory is a typo or the wrong folder, not an empty store);
 * - it is a directory this user can use, and belongs to this user (StoreAccessError, exit 77);
 * - it is a Lookout store (isStore: the marker `start` writes, or, from before the marker, LevelDB's own
 *   files in `dynamodb/` and nothing else there), or holds nothing but Lookout's entries with nothing
 *   foreign in `dynamodb/`: `--data .` in a project must not make the project's files private, even when
 *   the project has a `dynamodb/` folder of its own (ConfigError, exit 1);
 * - Lookout's entries in it are of the right kind: `dynamodb` a directory, `endpoint` and `token` files
 *   (StoreDamagedError, exit 74).
 */
export function checkDataDir(dir: string, options: { create: boolean }): void {
  let stat: Stats;
  try {
    stat = statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw accessError(dir, error);
    if (options.create) return;
    throw noData(dir);
  }
  if (!stat.isDirectory()) {
    throw new ConfigError(`${dir} is not a directory; use --data to name the local data directory`);
  }
  checkAccess(dir);
  checkOwner(dir, stat);
  const names = readdirSync(dir);
  const ours = new Set<string>(LOOKOUT_ENTRIES);
  const store = isStore(dir, names);
  const foreign = names.some((name) => !ours.has(name)) || levelDbDir(dir)?.foreign;
  if (!store && foreign) {
    throw new ConfigError(
      `${dir} is not a Lookout data directory (it holds other files): use a new or empty directory`,
    );
  }
  checkKind(dir, 'dynamodb', true);
  checkKind(dir, 'endpoint', false);
  checkKind(dir, 'token', false);
  checkKind(dir, STORE_MARKER, false);
  if (!options.create && !store) throw noData(dir);
}

/**
 * A Lookout store: it has the marker `lookout start` writes when it creates one, or (a store made before
 * the marker) LevelDB's own CURRENT and MANIFEST in `dynamodb/` with nothing else in it.
 */
function isStore(dir: string, names: string[]): boolean {
  if (names.includes(STORE_MARKER)) return true;
  const db = levelDbDir(dir);
  return (
    db !== undefined &&
    !db.foreign &&
    db.names.includes('CURRENT') &&
    db.names.some((n) => n.startsWith('MANIFEST-'))
  );
}

/** What is in `<dir>/dynamodb` when it is a directory, and whether anything there is not LevelDB's. */
function levelDbDir(dir: string): { names: string[]; foreign: boolean } | undefined {
  let names: string[];
  try {
    names = readdirSync(join(dir, 'dynamodb'));
  } catch {
    return undefined;
  }
  return { names, foreign: names.some((name) => !isLevelDbFile(name)) };
}

/**
 * Creates the data directory (0700), LevelDB's directory in it and the store marker (0600), when they
 * are not there yet: a store made by an earlier Lookout gets its marker here. Called only after
 * checkDataDir has accepted the directory.
 */
export function createDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    mkdirSync(join(dir, 'dynamodb'), { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, STORE_MARKER), MARKER_TEXT, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && isMarker(dir)) return;
    createFailed(dir, error);
  }
}

function isMarker(dir: string): boolean {
  try {
    return lstatSync(join(dir, STORE_MARKER)).isFile();
  } catch {
    return false;
  }
}

function createFailed(dir: string, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') throw accessError(dir, error);
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    checkKind(dir, 'dynamodb', true);
    checkKind(dir, STORE_MARKER, false);
  }
  throw error;
}

function noData(dir: string): ConfigError {
  return new ConfigError(
    `no Lookout data in ${dir} (nothing has run there yet; \`lookout start --data ${dir}\` creates it)`,
  );
}

/** An entry of Lookout's that exists but is not what Lookout keeps there: one line naming it (exit 74). */
function checkKind(dir: string, name: string, directory: boolean): void {
  const path = join(dir, name);
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'EACCES' || code === 'EPERM') throw accessError(path, error);
    throw error;
  }
  if (directory ? stat.isDirectory() : stat.isFile()) return;
  const what = directory
    ? `${path} is ${kindOf(stat)}, not LevelDB's directory`
    : `${path} is ${kindOf(stat)}, not a file`;
  const todo = directory
    ? `move ${dir} aside (e.g. mv ${dir} ${dir}.damaged) and start again, or restore it from a backup`
    : `remove it (Lookout writes ${name} itself) and run again`;
  throw new StoreDamagedError(dir, `the local store in ${dir} is damaged (${what}): ${todo}`);
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFile()) return 'a file';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  return 'a device';
}
