import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ConfigError } from '../../lambda/config/errors.js';
import { EMBEDDED_ACCESS_KEY_ID, startEmbeddedDynamo } from '../../lambda/store/embedded-dynalite.js';
import { StoreAccessError, StoreBusyError, StoreDamagedError } from '../../lambda/store/embedded-errors.js';
import { createStore, ensureTable, type Store } from '../../lambda/store/store.js';

export const DEFAULT_DATA_DIR = '.lookout';
export const LOCAL_TABLE = 'lookout';
/** How long a command waits for another lookout command to let go of the data directory. */
export const DEFAULT_LOCK_WAIT_MS = 10_000;

export interface LocalStore {
  store: Store;
  /** True when this process serves the data (start); false when it talks to a running Lookout. */
  owner: boolean;
  endpoint: string;
  close(): Promise<void>;
}

export interface OpenLocalStoreOptions {
  /** Serve the store to other commands (`lookout start`): publish its endpoint and token. */
  serve?: boolean;
  /**
   * How long to keep trying while another lookout command holds the directory (default 10 s). A
   * `lookout start` that is already serving it is reported at once.
   */
  waitMs?: number;
  /** Where one-line notices go: permissions tightened, waiting for the directory (default: stderr). */
  notice?: (line: string) => void;
}

/**
 * The local store lives in `<dataDir>/dynamodb` (LevelDB, one process at a time). The process that
 * owns it (`lookout start`) publishes its endpoint in `<dataDir>/endpoint` and a random token in
 * `<dataDir>/token`; other commands (`incidents`, `ack`, …) read both and talk to that running server,
 * signing every request with the token (see embedded-dynalite.ts), instead of fighting over the lock.
 *
 * The data directory is the user's alone: it is kept 0700 and its files 0600 (tightened here when they
 * were not, with one notice line). The CLI also runs with umask 077 so LevelDB's later files are 0600.
 *
 * @throws StoreBusyError when another Lookout serves the directory (`serve`), or another command still
 *   holds it after `waitMs`; StoreDamagedError when LevelDB reports damage; StoreAccessError when a file
 *   of the directory belongs to or is only readable by another user.
 */
export async function openLocalStore(
  dataDir: string = DEFAULT_DATA_DIR,
  options: OpenLocalStoreOptions = {},
): Promise<LocalStore> {
  const dir = resolve(dataDir);
  checkAccess(dir);
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const deadline = Date.now() + waitMs;
  let waiting = false;
  for (;;) {
    const running = await runningLookout(dir);
    if (running && !options.serve) {
      const client = localClient(running.endpoint, running.token);
      return {
        store: createStore(client, LOCAL_TABLE),
        owner: false,
        endpoint: running.endpoint,
        close: async () => client.destroy(),
      };
    }
    if (running) {
      throw new StoreBusyError(
        dir,
        `another Lookout is already running on data directory ${dir} (${running.endpoint}); stop it or use --data`,
      );
    }
    try {
      return await openOwned(dir, options);
    } catch (error) {
      if (!(error instanceof StoreBusyError)) throw error;
      if (Date.now() >= deadline) {
        throw new StoreBusyError(
          dir,
          `data directory ${dir} is in use by another lookout process (its store is locked); try again when it has finished, or use another --data`,
          { cause: error },
        );
      }
      if (!waiting) {
        waiting = true;
        notify(
          options,
          `lookout: ${dir} is in use by another lookout process; waiting up to ${Math.ceil(waitMs / 1000)} s`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Opens the LevelDB in this process; with `serve`, publishes endpoint and token for other commands. */
async function openOwned(dir: string, options: OpenLocalStoreOptions): Promise<LocalStore> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tightened = tighten(dir);
  if (tightened.length) notify(options, tightenedNotice(tightened));
  const levelDir = join(dir, 'dynamodb');
  mkdirSync(levelDir, { mode: 0o700, recursive: true });
  const token = randomBytes(32).toString('hex');
  let dynamo: Awaited<ReturnType<typeof startEmbeddedDynamo>>;
  try {
    dynamo = await startEmbeddedDynamo({ path: levelDir, token });
  } catch (error) {
    if (error instanceof StoreDamagedError) {
      throw new StoreDamagedError(
        dir,
        `the local store in ${dir} is damaged (${causeOf(error)}): move ${dir} aside (e.g. mv ${dir} ${dir}.damaged) and start again, or restore it from a backup`,
        { cause: error },
      );
    }
    if (error instanceof StoreAccessError) {
      throw new StoreAccessError(error.path, `cannot read ${error.path} (owned by another user?)`, {
        cause: error,
      });
    }
    throw error;
  }
  const endpointFile = join(dir, 'endpoint');
  const tokenFile = join(dir, 'token');
  try {
    await ensureTable(dynamo.client, LOCAL_TABLE);
    if (options.serve) {
      // The token first: a published endpoint means "running", and a running Lookout needs its token.
      writePrivate(tokenFile, `${token}\n`);
      writePrivate(endpointFile, dynamo.endpoint);
    }
    // Files LevelDB just created follow this process's umask; in the CLI that is 077 already.
    tighten(dir);
  } catch (error) {
    await dynamo.close();
    throw error;
  }
  openDirs.add(dir);
  return {
    store: createStore(dynamo.client, LOCAL_TABLE),
    owner: true,
    endpoint: dynamo.endpoint,
    close: async () => {
      if (options.serve && readOrUndefined(endpointFile) === dynamo.endpoint) {
        rmSync(endpointFile, { force: true });
        rmSync(tokenFile, { force: true });
      }
      openDirs.delete(dir);
      await dynamo.close();
    },
  };
}

function notify(options: OpenLocalStoreOptions, line: string): void {
  if (options.notice) options.notice(line);
  else process.stderr.write(`${line}\n`);
}

/** Data directories this process has open, to name in an error LevelDB raises while running. */
const openDirs = new Set<string>();

/**
 * A storage error LevelDB raised after the store was opened (thrown from inside dynalite, so it reaches
 * the process as an uncaught exception), as a StoreDamagedError naming the data directory.
 */
export function storageFailure(error: unknown): StoreDamagedError | undefined {
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = error instanceof Error ? error.message : '';
  const fromLevel =
    code.startsWith('LEVEL_') ||
    /^(Corruption|IO error):/.test(message) ||
    /^Database is (closed|not open)$/.test(message);
  if (!fromLevel) return undefined;
  const dir = [...openDirs][0] ?? 'the data directory';
  return new StoreDamagedError(
    dir,
    `the local store in ${dir} failed (${message}); if this happens again, move ${dir} aside and start again, or restore it from a backup`,
    { cause: error },
  );
}

function causeOf(error: Error): string {
  const cause = error.cause as { cause?: { message?: string }; message?: string } | undefined;
  return cause?.cause?.message ?? cause?.message ?? error.message;
}

/** A directory this user cannot enter or list is someone else's: one clear error, not ENOENT later. */
function checkAccess(dir: string): void {
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

function accessError(path: string, cause: unknown): StoreAccessError {
  return new StoreAccessError(path, `cannot read ${path} (owned by another user?)`, { cause });
}

/**
 * Makes the data directory 0700 and every file in it 0600 (directories 0700), and returns what was
 * changed with its old mode. Symbolic links are not followed. An entry that belongs to another user
 * than the directory's owner is refused: it was put there by someone else.
 */
function tighten(dir: string): { path: string; was: number }[] {
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

function tightenedNotice(changed: { path: string; was: number }[]): string {
  const shown = changed
    .slice(0, 3)
    .map((c) => `${relative(process.cwd(), c.path) || '.'} (was ${c.was.toString(8).padStart(4, '0')})`);
  const more = changed.length > 3 ? ` and ${changed.length - 3} more` : '';
  return `lookout: made the local store private (only you can read it now): ${shown.join(', ')}${more}`;
}

/** Replaces `file` with a new 0600 file; never writes through a link or a file someone else made. */
function writePrivate(file: string, text: string): void {
  rmSync(file, { force: true });
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EACCES' || code === 'EPERM') throw accessError(file, error);
    throw error;
  }
}

function localClient(endpoint: string, token: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    // The running Lookout checks every request's signature against its token.
    credentials: { accessKeyId: EMBEDDED_ACCESS_KEY_ID, secretAccessKey: token },
  });
}

/**
 * The Lookout serving `dir`, when there is one: its endpoint and token files are there and it answers
 * a request signed with that token. Files left by a Lookout that was killed (or a port now used by
 * something else) are not a running Lookout.
 */
async function runningLookout(dir: string): Promise<{ endpoint: string; token: string } | undefined> {
  const endpoint = readOrUndefined(join(dir, 'endpoint'))?.trim();
  if (!endpoint) return undefined;
  const token = readOrUndefined(join(dir, 'token'))?.trim();
  if (!token) return undefined;
  const client = localClient(endpoint, token);
  try {
    await client.send(new ListTablesCommand({}), { abortSignal: AbortSignal.timeout(1000) });
    return { endpoint, token };
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}
