import { randomUUID } from 'node:crypto';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../emulators/dynamodb/embedded-dynalite.js';
import { createStore, ensureTable, type Store } from '../../lambda/store/store.js';

export interface TestStore {
  dynamo: EmbeddedDynamo;
  store: Store;
  tableName: string;
  close(): Promise<void>;
}

/** A real dynalite server on loopback with a fresh Lookout table. */
export async function startTestStore(options: { path?: string } = {}): Promise<TestStore> {
  const dynamo = await startEmbeddedDynamo(options);
  const tableName = `lookout-test-${randomUUID().slice(0, 8)}`;
  await ensureTable(dynamo.client, tableName);
  return { dynamo, store: createStore(dynamo.client, tableName), tableName, close: () => dynamo.close() };
}
