import { LookoutError } from '../../domain/errors.js';

/**
 * A `/lookout` request that cannot be done as typed (unknown subcommand, missing argument, bad name or
 * type). Its message is the sentence the person reads, with what to type instead.
 */
export class SlackUsageError extends LookoutError {
  override readonly name: string = 'SlackUsageError';
  readonly code = 'SLACK_USAGE';
}

/** Slack refused an answer sent to a `response_url` (used up, expired, or the body refused). */
export class ResponseUrlError extends LookoutError {
  override readonly name: string = 'ResponseUrlError';
  readonly code = 'SLACK_RESPONSE_URL';
  constructor(
    readonly status: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Slack refused the answer to the response URL: HTTP ${status} ${reason}`, options);
  }
}

/** The worker could not hand a job on (the invoke was refused). */
export class HandoffError extends LookoutError {
  override readonly name: string = 'HandoffError';
  readonly code = 'SLACK_HANDOFF';
}
