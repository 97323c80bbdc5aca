import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { createHealthClients, type HealthClients } from '../app/health-clients.js';
import { healthApp } from './health-runtime.js';
import { logger, readLambdaSetup } from './lambda-runtime.js';

const setup = readLambdaSetup(process.env, 'AWS Health poller Lambda');
// Per container: the SDK clients keep their connections between scheduled runs.
let clients: HealthClients | undefined;

/** Scheduled every `health.poller.intervalMinutes`: what EventBridge missed, and the organization view. */
export const handler = async (_event: unknown, context: Context) => {
  logger.addContext(context);
  const deadline = () => Date.now() + context.getRemainingTimeInMillis() - 15_000;
  clients ??= createHealthClients();
  // arn:aws:lambda:<region>:<account>:function:<name> — the account EventBridge names for this one.
  const accountId = context.invokedFunctionArn.split(':')[4];
  const app = await healthApp(setup, deadline, `health-poller-${randomUUID()}`, {
    healthApi: clients,
    ...(accountId ? { accountId } : {}),
  });
  const summary = await app.poll();
  await app.deliver();
  // Stopped (endpoint down after the failover, throttled): the error reaches the Lambda's alarm.
  if (summary.error) throw summary.error;
  return {
    region: summary.region,
    failover: summary.failover,
    listed: summary.listed,
    fetched: summary.fetched,
    entries: summary.entries,
    failures: summary.failures.length,
    ...(summary.skipped ? { skipped: summary.skipped } : {}),
    ...(summary.subscriptionRequired ? { subscriptionRequired: true } : {}),
  };
};
