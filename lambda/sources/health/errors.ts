import { LookoutError } from '../../domain/errors.js';

/** More than this many problems in one event are counted, not listed: the message stays one log line. */
const LISTED_ISSUES = 5;

/**
 * An EventBridge delivery that is not a readable AWS Health event. The message is one line naming the
 * delivery (its EventBridge `id`, when it could be read) and each problem as `field.path: reason`, e.g.
 * `invalid AWS Health event 7bf73129-…: detail.eventArn: expected a non-empty string, got a number`.
 */
export class InvalidHealthEventError extends LookoutError {
  override readonly name: string = 'InvalidHealthEventError';
  readonly code = 'HEALTH_EVENT_INVALID';
  constructor(
    /** The EventBridge envelope `id`, when it could be read. */
    readonly deliveryId: string | undefined,
    /** One `path: reason` per problem. */
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    const listed = issues.slice(0, LISTED_ISSUES).map(oneLine);
    const more = issues.length > LISTED_ISSUES ? `; and ${issues.length - LISTED_ISSUES} more` : '';
    super(
      `invalid AWS Health event${deliveryId ? ` ${oneLine(deliveryId)}` : ''}: ${listed.join('; ')}${more}`,
      options,
    );
  }
}

/**
 * A Health API listing answered, as the next page, a token it had already given: followed, it would
 * page forever. The listing stops; what it is for fails (the poll, or the events it was about) and is
 * asked again on the next poll.
 */
export class RepeatedPageTokenError extends LookoutError {
  override readonly name: string = 'RepeatedPageTokenError';
  readonly code = 'HEALTH_PAGE_TOKEN_REPEATED';
  constructor(
    readonly operation: string,
    readonly page: number,
  ) {
    super(`${operation} answered page ${page} with a page token it had already given; paging stopped`);
  }
}

/** The Lambda's deadline came between two pages of a listing: the poll stops there, cut short. */
export class PagingPastDeadlineError extends LookoutError {
  override readonly name: string = 'PagingPastDeadlineError';
  readonly code = 'HEALTH_PAGING_PAST_DEADLINE';
  constructor(readonly operation: string) {
    super(`${operation}: the Lambda's deadline came before the next page; the next poll goes on`);
  }
}

// Field paths and ids come from the input, which may carry line breaks; a log line must stay one line.
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
