import type { Context } from 'aws-lambda';
import { createSlackWorker } from '../app/slack-worker.js';
import { containerOf, log, logger, readLambdaSetup } from './lambda-runtime.js';

// The worker loads neither Bolt nor the bot token: it answers through the response URL in each job.
const setup = readLambdaSetup(process.env, 'Slack worker Lambda');
const worker = createSlackWorker({ config: setup.config, log, store: containerOf(setup.env).store });

/** Runs one Slack job the Slack Lambda handed off (asynchronous invoke); answers via its response URL. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await worker.handle(event);
};
