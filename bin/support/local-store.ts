import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { startEmbeddedDynamo } from '../../emulators/dynamodb/embedded-dynalite.js';
import { StoreBusyError } from '../../emulators/dynamodb/errors.js';
import { sleep } from '../../lambda/shared/sleep.js';
import { createStore, ensureTable, type Store } from '../../lambda/store/store.js';
import { checkDataDir, createDataDir } from './local-store-dir.js';
import { localClient, publishEndpoint, runningLookout } from './local-store-endpoint.js';
import { openDirs, openFailure } from './local-store-failures.js';
import { tighten, tightenedNotice } from './local-store-permissions.js';

export { storageFailure } from './local-store-failures.js';

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
   * Create the data directory and its store when they are not there (default: only with `serve`). Other
   * commands refuse a directory with no Lookout data in it rather than report an empty store.
   */
  create?: boolean;
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
 * The data directory is the user's alone: it is kept 0700 and Lookout's entries in it private (tightened
 * here when they were not, with one notice line; nothing else in it is touched). The CLI also runs with
 * umask 077 so LevelDB's later files are 0600. Before anything is read or changed, the directory is
 * checked (local-store-dir.ts): it must exist (unless `create`), be this user's, and be a Lookout store.
 *
 * @throws ConfigError when the directory is missing (without `create`), not a directory, or holds
 *   other files and no store; StoreBusyError when another Lookout serves the directory (`serve`), or
 *   another process still holds it after `waitMs`; StoreDamagedError when LevelDB reports damage or an
 *   entry of Lookout's is of the wrong kind; StoreAccessError when the directory or one of Lookout's
 *   entries belongs to, or is only readable by, another user.
 */
export async function openLocalStore(
  dataDir: string = DEFAULT_DATA_DIR,
  options: OpenLocalStoreOptions = {},
): Promise<LocalStore> {
  const dir = resolve(dataDir);
  checkDataDir(dir, { create: options.create ?? options.serve ?? false });
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const deadline = Date.now() + waitMs;
  let waiting = false;
  for (;;) {
    const published = await runningLookout(dir);
    if (published.state === 'running' && !options.serve) {
      const client = localClient(published.endpoint, published.token);
      return {
        store: createStore(client, LOCAL_TABLE),
        owner: false,
        endpoint: published.endpoint,
        close: async () => client.destroy(),
      };
    }
    if (published.state === 'running') {
      throw new StoreBusyError(
        dir,
        `another Lookout is already running on data directory ${dir} (${published.endpoint}); stop it or use --data`,
      );
    }
    try {
      return await openOwned(dir, options);
    } catch (error) {
      if (!(error instanceof StoreBusyError)) throw error;
      // An endpoint that does not prove itself is not the holder of the lock: say both.
      const held =
        published.state === 'impostor'
          ? `${dir} is in use by another process, and ${published.endpoint} (in ${join(dir, 'endpoint')}) is not a Lookout serving it (${published.why})`
          : undefined;
      if (Date.now() >= deadline) {
        throw new StoreBusyError(
          dir,
          held
            ? `data directory ${held}; stop what holds it, or use another --data`
            : `data directory ${dir} is in use by another lookout process (its store is locked); try again when it has finished, or use another --data`,
          { cause: error },
        );
      }
      if (!waiting) {
        waiting = true;
        const seconds = Math.ceil(waitMs / 1000);
        notify(
          options,
          held
            ? `lookout: ${held}; waiting up to ${seconds} s`
            : `lookout: ${dir} is in use by another lookout process; waiting up to ${seconds} s`,
        );
      }
      await sleep(100);
    }
  }
}

/** Opens the LevelDB in this process; with `serve`, publishes endpoint and token for other commands. */
async function openOwned(dir: string, options: OpenLocalStoreOptions): Promise<LocalStore> {
  createDataDir(dir);
  const tightened = tighten(dir);
  if (tightened.length) notify(options, tightenedNotice(tightened));
  const token = randomBytes(32).toString('hex');
  let dynamo: Awaited<ReturnType<typeof startEmbeddedDynamo>>;
  try {
    dynamo = await startEmbeddedDynamo({ path: join(dir, 'dynamodb'), token });
  } catch (error) {
    throw openFailure(dir, error);
  }
  let withdraw = () => {};
  try {
    await ensureTable(dynamo.client, LOCAL_TABLE);
    // Files LevelDB just created follow this process's umask; in the CLI that is 077 already.
    tighten(dir);
    // Last, once every check has passed: a published endpoint says "a Lookout serves this directory".
    if (options.serve) withdraw = publishEndpoint(dir, dynamo.endpoint, token);
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
      withdraw();
      openDirs.delete(dir);
      await dynamo.close();
    },
  };
}

function notify(options: OpenLocalStoreOptions, line: string): void {
  if (options.notice) options.notice(line);
  else process.stderr.write(`${line}\n`);
}
