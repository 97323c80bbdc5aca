import { accessSync, chmodSync, constants, lstatSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError } from '../../lambda/config/errors.js';
import { StoreAccessError } from '../../lambda/store/embedded-errors.js';

/** A directory this user cannot enter or list is someone else's: one clear error, not ENOENT later. */
export function checkAccess(dir: string): void {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw accessError(dir, error);
  }
  if (!stat.isDirectory()) {
    throw new ConfigError(`${dir} is not a directory; use --data to name the local data directory`);
  }
  try {
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw accessError(dir, error);
  }
}

export function accessError(path: string, cause: unknown): StoreAccessError {
  return new StoreAccessError(path, `cannot read ${path} (owned by another user?)`, { cause });
}

/**
 * Makes the data directory 0700 and every file in it 0600 (directories 0700), and returns what was
 * changed with its old mode. Symbolic links are not followed. An entry that belongs to another user
 * than the directory's owner is refused: it was put there by someone else.
 */
export function tighten(dir: string): { path: string; was: number }[] {
  const changed: { path: string; was: number }[] = [];
  const root = statSync(dir);
  const visit = (path: string, isDir: boolean, mode: number, uid: number) => {
    if (uid !== root.uid) {
      throw new StoreAccessError(
        path,
        `${path} belongs to another user (uid ${uid}) than its data directory ${dir}; move it aside, it was not written by you`,
      );
    }
    const allowed = isDir ? 0o700 : 0o600;
    if ((mode & 0o777 & ~allowed) !== 0) {
      chmodSync(path, mode & allowed);
      changed.push({ path, was: mode & 0o777 });
    }
    if (!isDir) return;
    for (const name of readdirSync(path)) {
      const child = join(path, name);
      const stat = lstatSync(child);
      if (stat.isSymbolicLink()) continue;
      visit(child, stat.isDirectory(), stat.mode, stat.uid);
    }
  };
  visit(dir, true, root.mode, root.uid);
  return changed;
}

export function tightenedNotice(changed: { path: string; was: number }[]): string {
  const shown = changed
    .slice(0, 3)
    .map((c) => `${relative(process.cwd(), c.path) || '.'} (was ${c.was.toString(8).padStart(4, '0')})`);
  const more = changed.length > 3 ? ` and ${changed.length - 3} more` : '';
  return `lookout: made the local store private (only you can read it now): ${shown.join(', ')}${more}`;
}
