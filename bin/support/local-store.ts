import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startEmbeddedDynamo } from '../../lambda/store/embedded-dynalite.js';
import { createStore, ensureTable, type Store } from '../../lambda/store/store.js';

export const DEFAULT_DATA_DIR = '.lookout';
export const LOCAL_TABLE = 'lookout';

export interface LocalStore {
  store: Store;
  /** True when this process serves the data (start); false when it talks to a running Lookout. */
  owner: boolean;
  endpoint: string;
  close(): Promise<void>;
}

/**
 * The local store lives in `<dataDir>/dynamodb` (LevelDB, one process at a time). The process that
 * owns it (`lookout start`) publishes its endpoint in `<dataDir>/endpoint`; other commands (`incidents`,
 * `ack`, …) talk to that running server instead of fighting over the LevelDB lock.
 */
export async function openLocalStore(
  dataDir: string = DEFAULT_DATA_DIR,
  options: { serve?: boolean } = {},
): Promise<LocalStore> {
  const dir = resolve(dataDir);
  const endpointFile = join(dir, 'endpoint');
  const running = await reachableEndpoint(endpointFile);
  if (running && !options.serve) {
    const client = localClient(running);
    return {
      store: createStore(client, LOCAL_TABLE),
      owner: false,
      endpoint: running,
      close: async () => client.destroy(),
    };
  }
  if (running && options.serve) {
    throw new Error(
      `another Lookout is already running on this data directory (${running}); stop it or use --data`,
    );
  }
  mkdirSync(join(dir, 'dynamodb'), { recursive: true });
  const dynamo = await startEmbeddedDynamo({ path: join(dir, 'dynamodb') });
  await ensureTable(dynamo.client, LOCAL_TABLE);
  if (options.serve) writeFileSync(endpointFile, dynamo.endpoint);
  return {
    store: createStore(dynamo.client, LOCAL_TABLE),
    owner: true,
    endpoint: dynamo.endpoint,
    close: async () => {
      if (
        options.serve &&
        existsSync(endpointFile) &&
        readFileSync(endpointFile, 'utf8') === dynamo.endpoint
      ) {
        rmSync(endpointFile, { force: true });
      }
      await dynamo.close();
    },
  };
}

function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

async function reachableEndpoint(file: string): Promise<string | undefined> {
  if (!existsSync(file)) return undefined;
  const endpoint = readFileSync(file, 'utf8').trim();
  const client = localClient(endpoint);
  try {
    await client.send(new ListTablesCommand({}), { abortSignal: AbortSignal.timeout(1000) });
    return endpoint;
  } catch {
    // Left behind by a Lookout that was killed: the data directory is free.
    return undefined;
  } finally {
    client.destroy();
  }
}
