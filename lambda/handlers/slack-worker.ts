import type { Context } from 'aws-lambda';
import { logger } from './lambda-runtime.js';
import { readSlackSetup, slackWorker } from './slack-runtime.js';

const worker = slackWorker(readSlackSetup(process.env, 'Slack worker Lambda'));

/** Runs one Slack job the Slack Lambda handed off (asynchronous invoke); answers via its response URL. */
export const handler = async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  await worker.handle(event);
};
