import type { Context } from 'aws-lambda';
import { createSlackWorker } from '../app/slack-worker.js';
import { log, logger, readLambdaSetup } from './lambda-runtime.js';

// The worker loads neither Bolt nor the bot token: it answers through the response URL in each job.
const worker = createSlackWorker({ config: readLambdaSetup(process.env, 'Slack worker Lambda').config, log });

/** Runs one Slack job the Slack Lambda handed off (asynchronous invoke); answers via its response URL. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await worker.handle(event);
};
