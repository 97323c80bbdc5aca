import type {
  PreparedRestore,
  RestoreRequest,
  RestoreResult,
  RestoreStep,
} from '../../../service/route53/restore-types.js';

/** The restore use case as the Slack app and its worker use it (RestoreService satisfies it). */
export interface SlackRestorer {
  /** Reads Route 53 and the stored history, plans the batch; changes nothing. */
  prepare(request: RestoreRequest): Promise<PreparedRestore>;
  /** Submits exactly the prepared batch (compare-and-swap), waits for INSYNC, verifies, records steps. */
  apply(prepared: PreparedRestore): Promise<RestoreResult>;
}

/**
 * Builds a restorer (lambda/app/slack-restore.ts): present only with `route53.restoreFromSlack: true`.
 * `onStep` hears each step as it happens.
 */
export type SlackRestorerFactory = (onStep?: (step: RestoreStep) => void) => Promise<SlackRestorer>;
