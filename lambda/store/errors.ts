import { LookoutError, NotFoundError } from '../domain/errors.js';

// Importers of the store's errors keep one import line; the class is the domain's.
export { NotFoundError };

/** Another writer changed the item since it was read; re-read and decide again. */
export class ConcurrentUpdateError extends LookoutError {
  override readonly name: string = 'ConcurrentUpdateError';
  readonly code = 'CONCURRENT_UPDATE';
  constructor(what: string, options?: { cause?: unknown }) {
    super(`${what} was changed by another writer`, options);
  }
}

/** DynamoDB kept handing back part of a batch (throttling) after every re-send. */
export class UnprocessedBatchError extends LookoutError {
  override readonly name: string = 'UnprocessedBatchError';
  readonly code = 'UNPROCESSED_BATCH';
  constructor(
    readonly operation: 'reads' | 'writes',
    readonly unprocessed: number,
  ) {
    super(`DynamoDB left ${unprocessed} ${operation} unprocessed`);
  }
}

/** A table just created (local mode, tests) did not reach ACTIVE in time. */
export class TableNotActiveError extends LookoutError {
  override readonly name: string = 'TableNotActiveError';
  readonly code = 'TABLE_NOT_ACTIVE';
  constructor(readonly tableName: string) {
    super(`table ${tableName} did not become ACTIVE`);
  }
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
