import type { Context } from 'aws-lambda';
import { runProbeInvocation } from '../service/probe-invocation.js';
import { log, logger, readLambdaSetup } from './lambda-runtime.js';
import { probeApp } from './probe-runtime.js';

// Environment and config are parsed at cold start; a mistake fails the invocation with the field named.
const setup = readLambdaSetup(process.env, 'probe Lambda');
/** Stop starting work this long before the Lambda timeout, so a Slack call begun just before (up to the client's 10 s timeout) still completes. */
const SAFETY_MARGIN_MS = 15_000;

/** Scheduled every minute (EventBridge); probes every `probe.lambdaIntervalSeconds` within the run. */
export const handler = async (_event: unknown, context: Context) => {
  logger.addContext(context);
  const deadline = () => Date.now() + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS;
  const lookout = await probeApp(setup, deadline);
  return runProbeInvocation(lookout, {
    intervalMs: setup.config.probe.lambdaIntervalSeconds * 1000,
    deadline,
    log,
  });
};
