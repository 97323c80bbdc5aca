import type { PageTokens } from './pagination.js';
import type { Json } from './request.js';
import type { HealthStore } from './state.js';

/** What one operation handler sees: the state, the token signer, the caller's account and the body. */
export interface OperationContext {
  store: HealthStore;
  tokens: PageTokens;
  /** The caller's account, from the SigV4 access key. */
  account: string;
  body: Json;
}

export type Operation = (context: OperationContext) => Json;

/** Why a detail or entity request for one event failed (`failedSet`). */
export const NOT_FOUND = 'EventNotFound';
export const INVALID_ACCOUNT = 'InvalidAccountInputError';
