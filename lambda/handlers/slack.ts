import type { Context } from 'aws-lambda';
import type { SlackLambdaHandler } from '../app/slack-app.js';
import { logger } from './lambda-runtime.js';
import { readSlackSetup, slackHandler } from './slack-runtime.js';

// Environment and config are parsed at cold start; a mistake fails the invocation with the field named.
const setup = readSlackSetup(process.env, 'Slack Lambda');
let ready: Promise<SlackLambdaHandler> | undefined;

/**
 * Slack's requests (slash commands, buttons, modals) through a Lambda Function URL. The signature is the
 * authentication: a bad or stale one gets 401 before anything else. Slow work goes to the worker.
 */
export const handler = async (event: Parameters<SlackLambdaHandler>[0], context: Context) => {
  logger.addContext(context);
  // Built once per container; a failed build (the secret unreadable) is retried by the next request.
  ready ??= slackHandler(setup).catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return (await ready)(event, context);
};
