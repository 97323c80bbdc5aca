import { startEmbeddedDynamo } from '../emulators/dynamodb/embedded-dynalite.js';
import { createStore, ensureTable, type Store } from '../lambda/store/store.js';

/**
 * The demo's store: the one it was handed to keep its incident in (closed by whoever opened it), or one
 * in memory that ends with the demo.
 */
export async function openDemoStore(
  keep: { store: Store } | undefined,
): Promise<{ store: Store; close(): Promise<void> }> {
  if (keep) return { store: keep.store, close: async () => {} };
  const dynamo = await startEmbeddedDynamo();
  try {
    await ensureTable(dynamo.client, 'lookout-demo');
  } catch (error) {
    await dynamo.close();
    throw error;
  }
  return { store: createStore(dynamo.client, 'lookout-demo'), close: () => dynamo.close() };
}
