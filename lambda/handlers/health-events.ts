import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { InvalidHealthEventError } from '../sources/health/errors.js';
import { healthApp } from './health-runtime.js';
import { log, logger, readLambdaSetup } from './lambda-runtime.js';

const setup = readLambdaSetup(process.env, 'AWS Health event Lambda');

/**
 * EventBridge → one `aws.health` event. An invalid event throws (its id and the field named, logged):
 * the async invoke is retried, then lands in the dead-letter queue; it never touches other events.
 */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  const deadline = () => Date.now() + context.getRemainingTimeInMillis() - 15_000;
  const app = await healthApp(setup, deadline, `health-events-${randomUUID()}`);
  const result = await app.handleEvent(event).catch((error: unknown) => {
    // One line naming the delivery and the field, then the throw sends the event to the DLQ.
    if (error instanceof InvalidHealthEventError) log.error('invalid AWS Health event', error);
    throw error;
  });
  await app.deliver();
  return {
    duplicate: result.duplicate,
    entries: result.entries.length,
    subjects: result.subjects,
    ...(result.filteredOut ? { filteredOut: result.filteredOut } : {}),
  };
};
