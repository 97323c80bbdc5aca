import { mkdirSync, readdirSync, type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../lambda/config/errors.js';
import { StoreDamagedError } from '../../lambda/store/embedded-errors.js';
import { accessError, checkAccess, checkOwner, LOOKOUT_ENTRIES } from './local-store-permissions.js';

/**
 * Checks, before anything in it is read or changed, that `dir` can be Lookout's data directory:
 *
 * - it exists, unless `create` (only `lookout start` creates one: for any other command a missing
 *   directory is a typo or the wrong folder, not an empty store);
 * - it is a directory this user can use, and belongs to this user (StoreAccessError, exit 77);
 * - it is a Lookout store (`dynamodb/` in it) or holds nothing but Lookout's entries: `--data .` in a
 *   project must not make the project's files private (ConfigError, exit 1);
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
  if (!names.includes('dynamodb') && names.some((name) => !ours.has(name))) {
    throw new ConfigError(
      `${dir} is not a Lookout data directory (it holds other files): use a new or empty directory`,
    );
  }
  checkKind(dir, 'dynamodb', true);
  checkKind(dir, 'endpoint', false);
  checkKind(dir, 'token', false);
  if (!options.create && !names.includes('dynamodb')) throw noData(dir);
}

/** Creates the data directory (0700) and LevelDB's directory in it, when they are not there yet. */
export function createDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    mkdirSync(join(dir, 'dynamodb'), { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw accessError(dir, error);
    if (code === 'EEXIST' || code === 'ENOTDIR') checkKind(dir, 'dynamodb', true);
    throw error;
  }
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
