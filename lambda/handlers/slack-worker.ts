import type { Context } from 'aws-lambda';
import { createSlackWorker } from '../app/slack-worker.js';
import { containerOf, log, logger, readLambdaSetup } from './lambda-runtime.js';
import { slackWorkerSlack } from './slack-worker-runtime.js';

// The worker loads no Bolt; it answers through each job's response URL, and reads the bot token only
// for a delivery or an upload.
const setup = readLambdaSetup(process.env, 'Slack worker Lambda');
const worker = createSlackWorker({
  config: setup.config,
  log,
  store: containerOf(setup.env).store,
  ...slackWorkerSlack(setup),
});

/** Runs one Slack job the Slack Lambda handed off (asynchronous invoke); answers via its response URL. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await worker.handle(event);
};
