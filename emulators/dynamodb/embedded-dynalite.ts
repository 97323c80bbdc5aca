import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { authorizeThenForward, type BodySlots, reply } from './embedded-front.js';
import { StoreAccessError, StoreBusyError, StoreDamagedError } from './errors.js';
import { EMBEDDED_ACCESS_KEY_ID, withSignedPayloadHash } from './request-auth.js';

export { EMBEDDED_ACCESS_KEY_ID } from './request-auth.js';

export interface EmbeddedDynamo {
  endpoint: string;
  /**
   * What a DynamoDB client must sign its requests with: the secret access key is the store's token.
   * Requests signed with anything else get HTTP 403 and never reach the store.
   */
  credentials: { accessKeyId: string; secretAccessKey: string };
  client: DynamoDBClient;
  close(): Promise<void>;
}

/** A request must have arrived whole within this time (a client that trickles its body holds a slot). */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * A DynamoDB-compatible server in this process (dynalite), for local mode and tests. With `path` the
 * data lives on disk (LevelDB) and survives restarts; without it, in memory.
 *
 * dynalite itself never listens: an HTTP front of ours on 127.0.0.1 checks that each request is signed
 * with `token` (a random one when not given; see request-auth.ts and embedded-front.ts) and only then
 * hands it to dynalite's request listener. `client` signs the hash of each body too, so its requests are
 * checked from their heads, before their bodies are read. Anything else gets 403 with a DynamoDB-style error. Other local users can reach a
 * loopback port, so the port alone must not be enough to read or write the store.
 *
 * With `path`, the LevelDB is opened and read through before the server answers, so a store another
 * process holds or a damaged one fails here with a typed error (StoreBusyError, StoreDamagedError,
 * StoreAccessError) instead of inside dynalite's callbacks, where it would crash the process.
 */
export async function startEmbeddedDynamo(
  options: { path?: string; port?: number; token?: string } = {},
): Promise<EmbeddedDynamo> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const { server, store } = createDynalite(options.path);
  if (options.path) await openAndVerify(store, options.path);
  const handle = server.listeners('request')[0] as RequestListener | undefined;
  if (!handle) throw new Error('dynalite has no request listener');

  const slots: BodySlots = { verified: 0, unhashed: 0 };
  const front = createServer((req, res) => {
    authorizeThenForward(req, res, token, handle, slots).catch((error: unknown) => {
      if (!res.headersSent)
        reply(res, { status: 500, type: 'InternalServerError', message: errorMessage(error) });
      else res.destroy();
    });
  });
  front.requestTimeout = REQUEST_TIMEOUT_MS;
  try {
    await new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      front.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await closeStore(store);
    throw error;
  }
  const { port } = front.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: EMBEDDED_ACCESS_KEY_ID, secretAccessKey: token };
  const client = withSignedPayloadHash(
    new DynamoDBClient({ endpoint, region: 'local', credentials, maxAttempts: 3 }),
  );
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    credentials,
    client,
    close: () => {
      closing ??= (async () => {
        client.destroy();
        await new Promise<void>((resolve) => {
          front.close(() => resolve());
          front.closeAllConnections();
        });
        await closeStore(store);
      })();
      return closing;
    },
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// --- dynalite's store --------------------------------------------------------------------------------

interface LevelLike {
  open(): Promise<void>;
  close(): Promise<void>;
  iterator(options: Record<string, unknown>): AsyncIterable<unknown> & { close(): Promise<void> };
}

interface DynaliteStore {
  db: LevelLike;
  lifecycleManager?: { gracefulClose(callback: (error?: Error | null) => void): void };
}

const requireCjs = createRequire(import.meta.url);

/**
 * Creates dynalite's server object (never listened on) and gets hold of its store, which dynalite keeps
 * to itself: its `db.create` is looked up on the module at call time, so wrapping it for the duration of
 * this synchronous call hands us the store. With the store we open the LevelDB ourselves (its errors
 * become catchable) and close it without dynalite's `server.close`, which fails on a server that never
 * listened and would leave the database open.
 */
function createDynalite(path?: string): { server: ReturnType<typeof dynalite>; store: DynaliteStore } {
  const dbModule = requireCjs('dynalite/db/index.js') as { create: (options: unknown) => DynaliteStore };
  const create = dbModule.create;
  let store: DynaliteStore | undefined;
  dbModule.create = (options) => {
    store = create(options);
    return store;
  };
  try {
    const server = dynalite({
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
      ...(path ? { path } : {}),
    });
    if (!store?.db) throw new Error('dynalite did not create its store through db.create (version change?)');
    return { server, store };
  } finally {
    dbModule.create = create;
  }
}

/**
 * Opens the LevelDB and reads every entry once, so damage anywhere (CURRENT, MANIFEST, a table file)
 * shows up now, as one error, rather than as an exception thrown from a dynalite callback later.
 */
async function openAndVerify(store: DynaliteStore, path: string): Promise<void> {
  try {
    await store.db.open();
    const it = store.db.iterator({ keyEncoding: 'buffer', valueEncoding: 'buffer', fillCache: false });
    try {
      for await (const _ of it) {
        // reading is the check
      }
    } finally {
      await it.close();
    }
  } catch (error) {
    await store.db.close().catch(() => undefined);
    throw classifyOpenError(error, path);
  }
}

/** Turns LevelDB's open/read errors into StoreBusyError, StoreAccessError or StoreDamagedError. */
function classifyOpenError(error: unknown, path: string): Error {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  const message = cause?.message ?? errorMessage(error);
  if (code === 'LEVEL_LOCKED') {
    return new StoreBusyError(path, `${path} is held by another process (${message})`, { cause: error });
  }
  if (/permission denied|EACCES/i.test(message)) {
    return new StoreAccessError(path, `cannot read ${path} (${message})`, { cause: error });
  }
  if (code === 'LEVEL_CORRUPTION' || code === 'LEVEL_IO_ERROR' || /^(Corruption|IO error):/.test(message)) {
    return new StoreDamagedError(path, `${path} is damaged (${message})`, { cause: error });
  }
  return error instanceof Error ? error : new Error(message);
}

function closeStore(store: DynaliteStore): Promise<void> {
  const manager = store.lifecycleManager;
  if (!manager) return store.db.close();
  return new Promise((resolve, reject) =>
    manager.gracefulClose((error) => (error ? reject(error) : resolve())),
  );
}
