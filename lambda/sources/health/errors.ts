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

// Field paths and ids come from the input, which may carry line breaks; a log line must stay one line.
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
