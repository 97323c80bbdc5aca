import { accessSync, chmodSync, constants, lstatSync, readdirSync, type Stats, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { StoreAccessError } from '../../emulators/dynamodb/errors.js';

/** The file `lookout start` writes when it creates a store: what makes a directory a Lookout store. */
export const STORE_MARKER = '.lookout-store';

/** What Lookout keeps in a data directory; it tightens these and nothing else. */
export const LOOKOUT_ENTRIES = ['dynamodb', 'endpoint', 'token', STORE_MARKER] as const;

/** The files LevelDB owns in `dynamodb/`; only these are tightened there. */
export function isLevelDbFile(name: string): boolean {
  return /^(CURRENT|LOCK|LOG|LOG\.old|MANIFEST-\d+|[^/]+\.ldb|[^/]+\.log)$/.test(name);
}

export function accessError(path: string, cause: unknown): StoreAccessError {
  return new StoreAccessError(path, `cannot read ${path} (owned by another user?)`, { cause });
}

/** A directory this user cannot enter, list or write is someone else's: one clear error, not EACCES later. */
export function checkAccess(dir: string): void {
  try {
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw accessError(dir, error);
  }
}

/**
 * Refuses what belongs to another user than the one running Lookout. Their directory is not ours to
 * make private (we could not, or as root we must not), and a file of theirs in our store was put there
 * by someone else.
 */
export function checkOwner(path: string, stat: Pick<Stats, 'uid'>): void {
  const me = process.getuid?.();
  if (me === undefined || stat.uid === me) return;
  throw new StoreAccessError(
    path,
    `${path} belongs to another user (uid ${stat.uid}), not to you: Lookout keeps its data in a directory of your own; use another --data`,
  );
}

interface Entry {
  path: string;
  stat: Stats;
  allowed: number;
}

/**
 * Makes the data directory 0700 and Lookout's own entries in it private: `dynamodb/` and LevelDB's files
 * in it (0600; anything else there is left alone), `endpoint`, `token` and the store marker (0600). Nothing else in the directory
 * is looked at. Symbolic links are not followed. Every owner is checked before anything is changed, so
 * an entry of another user is refused with nothing changed. Returns what was changed, with its old mode.
 */
export function tighten(dir: string): { path: string; was: number }[] {
  const entries: Entry[] = [{ path: dir, stat: statSync(dir), allowed: 0o700 }];
  const add = (path: string): Stats | undefined => {
    const stat = lstatOrUndefined(path);
    if (!stat || stat.isSymbolicLink() || !(stat.isDirectory() || stat.isFile())) return undefined;
    entries.push({ path, stat, allowed: stat.isDirectory() ? 0o700 : 0o600 });
    return stat;
  };
  for (const name of LOOKOUT_ENTRIES) {
    const path = join(dir, name);
    const stat = add(path);
    if (name === 'dynamodb' && stat?.isDirectory()) {
      for (const child of readdirSync(path)) if (isLevelDbFile(child)) add(join(path, child));
    }
  }
  for (const entry of entries) checkOwner(entry.path, entry.stat);

  const changed: { path: string; was: number }[] = [];
  for (const { path, stat, allowed } of entries) {
    const mode = stat.mode & 0o777;
    if ((mode & ~allowed) !== 0) {
      chmodSync(path, mode & allowed);
      changed.push({ path, was: mode });
    }
  }
  return changed;
}

export function tightenedNotice(changed: { path: string; was: number }[]): string {
  const shown = changed
    .slice(0, 3)
    .map((c) => `${relative(process.cwd(), c.path) || '.'} (was ${c.was.toString(8).padStart(4, '0')})`);
  const more = changed.length > 3 ? ` and ${changed.length - 3} more` : '';
  return `lookout: made the local store private (only you can read it now): ${shown.join(', ')}${more}`;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
