import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { logger, readLambdaSetup } from './lambda-runtime.js';
import { route53App } from './route53-runtime.js';

const setup = readLambdaSetup(process.env, 'Route 53 change-event Lambda');

/** EventBridge → one CloudTrail ChangeResourceRecordSets event. A bad event throws: async retry, then the DLQ. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  const deadline = () => Date.now() + context.getRemainingTimeInMillis() - 15_000;
  const app = await route53App(setup, deadline, `route53-events-${randomUUID()}`);
  const result = await app.handleChange(event);
  await app.deliver();
  return { changes: result.changes.length, entries: result.entries.length, resnapshot: result.resnapshot };
};
