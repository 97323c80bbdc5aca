import { randomUUID } from 'node:crypto';
import { Route53Client } from '@aws-sdk/client-route-53';
import type { Context } from 'aws-lambda';
import { deliverOutbox } from '../service/outbox-delivery.js';
import { handleChangeEvent } from '../service/route53/change-events.js';
import { createRoute53Services } from '../service/route53/route53-services.js';
import { RateLimiter } from '../sources/route53/rate-limiter.js';
import { Route53Adapter } from '../sources/route53/route53-adapter.js';
import { containerOf, log, logger, readLambdaSetup, slackFor } from './lambda-runtime.js';

const setup = readLambdaSetup(process.env, 'Route 53 change-event Lambda');
const r53 = setup.config.route53;
// Route 53's API endpoint is global (us-east-1); the limiter keeps Lookout inside its share of it.
const adapter = new Route53Adapter(
  new Route53Client({ region: 'us-east-1' }),
  new RateLimiter(r53?.requestsPerSecond ?? 2, r53?.burst ?? 5),
);

/** EventBridge → one CloudTrail ChangeResourceRecordSets event. A bad event throws: async retry, then the DLQ. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  const deadline = () => Date.now() + context.getRemainingTimeInMillis() - 5_000;
  const { store } = containerOf(setup.env);
  const slack = await slackFor(setup, deadline);
  const services = createRoute53Services({
    store,
    config: setup.config,
    adapter,
    log,
    now: () => new Date(),
    ...(slack ? { slackChannel: slack.channel } : {}),
  });
  const result = await handleChangeEvent(event, { ...services, log, now: () => new Date() });
  await deliverOutbox(store, slack?.deliverer, {
    owner: `route53-events-${randomUUID()}`,
    now: () => new Date(),
    log,
  });
  return { changes: result.changes.length, entries: result.entries.length, resnapshot: result.resnapshot };
};
