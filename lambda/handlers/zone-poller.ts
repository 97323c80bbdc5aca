import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { logger, readLambdaSetup } from './lambda-runtime.js';
import { route53App } from './route53-runtime.js';

const setup = readLambdaSetup(process.env, 'zone poller Lambda');

/** Scheduled every `route53.pollIntervalMinutes`; a snapshot cut short by the timeout resumes next run. */
export const handler = async (_event: unknown, context: Context) => {
  logger.addContext(context);
  const deadline = () => Date.now() + context.getRemainingTimeInMillis() - 20_000;
  const app = await route53App(setup, deadline, `zone-poller-${randomUUID()}`);
  const summary = await app.poll();
  await app.deliver();
  if (summary.failures.length) {
    // Every failure kept (stack and cause in the log), each zone named in the message.
    throw new AggregateError(
      summary.failures.map((f) => f.error),
      `zone snapshots failed: ${summary.failures.map((f) => `${f.zoneId}: ${f.error.message}`).join('; ')}`,
    );
  }
  return {
    zones: summary.results.map((r) => ({ zoneId: r.zoneId, complete: r.complete, pages: r.pages })),
    misconfigured: summary.misconfigured,
    posture: summary.posture?.zones.map((z) => ({
      zoneId: z.zoneId,
      findings: z.findings.map((f) => `${f.level}: ${f.message}`),
    })),
  };
};
