import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { isTriggerEventBridgeEvent } from '../sources/triggers/eventbridge.js';
import { logger, readLambdaSetup } from './lambda-runtime.js';
import { triggersApp } from './triggers-runtime.js';

const setup = readLambdaSetup(process.env, 'Triggers Lambda');

/** PagerDuty wants an answer within 5 s: Slack gets what is left of 3 s; the next flush sends the rest. */
const DELIVERY_BUDGET_MS = 3_000;

/**
 * The Function URL (POST /trigger, /pagerduty, /alertmanager; auth NONE — each sender's signature or
 * token is the authentication) and EventBridge `lookout.trigger` events, through one app.
 */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  const started = Date.now();
  const deadline = () =>
    Math.min(started + DELIVERY_BUDGET_MS, Date.now() + context.getRemainingTimeInMillis() - 15_000);
  const app = await triggersApp(setup, deadline, `triggers-${randomUUID()}`);
  const result = isTriggerEventBridgeEvent(event)
    ? await app.handleEvent(event)
    : await app.handleFunctionUrl(event);
  await app.deliver();
  return result;
};
