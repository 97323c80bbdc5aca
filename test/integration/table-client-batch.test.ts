import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnprocessedBatchError } from '../../lambda/store/errors.js';
import { TableClient } from '../../lambda/store/table-client.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';

/**
 * DynamoDB under throttling answers a BatchWriteItem with some items unprocessed. dynalite never does,
 * so a middleware answers the next `throttledSends` batch writes with every item unprocessed. It sits
 * before the document client's marshalling, so the items come back in the shape its callers see.
 */
function throttleBatchWrites(t: TestStore): { sends: number; throttledSends: number } {
  const state = { sends: 0, throttledSends: 0 };
  t.dynamo.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'BatchWriteItemCommand') return next(args);
      state.sends++;
      if (state.throttledSends <= 0) return next(args);
      state.throttledSends--;
      const { RequestItems } = args.input as { RequestItems: unknown };
      return { output: { UnprocessedItems: RequestItems, $metadata: {} }, response: {} } as never;
    },
    { step: 'initialize', name: 'throttleBatchWrites' },
  );
  return state;
}

describe('Class: TableClient, batch writes under throttling', () => {
  let t: TestStore;
  let throttle: { sends: number; throttledSends: number };
  const waits: number[] = [];
  let table: TableClient;
  beforeAll(async () => {
    t = await startTestStore();
    throttle = throttleBatchWrites(t);
    table = new TableClient(t.dynamo.client, t.tableName, { sleep: async (ms) => void waits.push(ms) });
  });
  afterAll(async () => t.close());

  it('re-sends unprocessed items after a backoff until they are written', async () => {
    // Prepare
    throttle.sends = 0;
    throttle.throttledSends = 2;
    waits.length = 0;

    // Act
    await table.batchPut([{ PK: 'T#1', SK: 'A', n: 1 }]);

    // Assess
    expect(throttle.sends).toBe(3);
    expect(waits).toEqual([50, 100]);
    expect(await table.get({ PK: 'T#1', SK: 'A' })).toMatchObject({ n: 1 });
  });

  it('gives up with UnprocessedBatchError after 10 sends when DynamoDB never takes the items', async () => {
    // Prepare
    throttle.sends = 0;
    throttle.throttledSends = Number.POSITIVE_INFINITY;
    waits.length = 0;

    // Act
    const write = table.batchDelete([{ PK: 'T#1', SK: 'A' }]);

    // Assess
    await expect(write).rejects.toMatchObject({ constructor: UnprocessedBatchError, unprocessed: 1 });
    expect(throttle.sends).toBe(10);
    expect(waits).toEqual([50, 100, 200, 400, 800, 1600, 3200, 6400, 12_800]);
  });
});
