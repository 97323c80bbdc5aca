import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { deliverOutbox } from '../service/outbox-delivery.js';
import { handleChangeEvent } from '../service/route53/change-events.js';
import { log, logger, readLambdaSetup } from './lambda-runtime.js';
import { route53Run } from './route53-runtime.js';

const setup = readLambdaSetup(process.env, 'Route 53 change-event Lambda');

/** EventBridge → one CloudTrail ChangeResourceRecordSets event. A bad event throws: async retry, then the DLQ. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  const deadline = () => Date.now() + context.getRemainingTimeInMillis() - 15_000;
  const run = await route53Run(setup, deadline);
  const result = await handleChangeEvent(event, { ...run, log });
  await deliverOutbox(run.store, run.slack?.deliverer, {
    owner: `route53-events-${randomUUID()}`,
    now: run.now,
    log,
    deadline,
  });
  return { changes: result.changes.length, entries: result.entries.length, resnapshot: result.resnapshot };
};
