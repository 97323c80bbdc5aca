import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmbeddedDynamo } from '../../lambda/store/embedded-dynalite.js';
import { StoreBusyError } from '../../lambda/store/embedded-errors.js';
import { createStore, ensureTable, type Store } from '../../lambda/store/store.js';
import { localClient, publishEndpoint, runningLookout, withdrawEndpoint } from './local-store-endpoint.js';
import { openDirs, openFailure } from './local-store-failures.js';
import { checkAccess, tighten, tightenedNotice } from './local-store-permissions.js';

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
    throw openFailure(dir, error);
  }
  try {
    await ensureTable(dynamo.client, LOCAL_TABLE);
    if (options.serve) publishEndpoint(dir, dynamo.endpoint, token);
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
      if (options.serve) withdrawEndpoint(dir, dynamo.endpoint);
      openDirs.delete(dir);
      await dynamo.close();
    },
  };
}

function notify(options: OpenLocalStoreOptions, line: string): void {
  if (options.notice) options.notice(line);
  else process.stderr.write(`${line}\n`);
}
