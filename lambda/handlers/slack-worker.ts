import type { Context } from 'aws-lambda';
import { createSlackWorker } from '../app/slack-worker.js';
import { workerDeliveryDeadline } from '../slack/app/worker/deliver.js';
import { containerOf, log, logger, readLambdaSetup } from './lambda-runtime.js';
import { slackWorkerSlack } from './slack-worker-runtime.js';

// The worker loads no Bolt; it answers through each job's response URL, and reads the bot token only
// for a delivery or an upload.
const setup = readLambdaSetup(process.env, 'Slack worker Lambda');
// The invocation running now (a container runs one at a time): its remaining time bounds delivery.
let invocation: Context | undefined;
const worker = createSlackWorker({
  config: setup.config,
  log,
  store: containerOf(setup.env).store,
  ...slackWorkerSlack(setup, () =>
    invocation ? workerDeliveryDeadline(invocation.getRemainingTimeInMillis()) : Number.POSITIVE_INFINITY,
  ),
});

/** Runs one Slack job the Slack Lambda handed off (asynchronous invoke); answers via its response URL. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  invocation = context;
  try {
    await worker.handle(event);
  } finally {
    invocation = undefined;
  }
};
