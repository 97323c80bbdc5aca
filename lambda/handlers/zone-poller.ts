import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { deliverOutbox } from '../service/outbox-delivery.js';
import { pollZones } from '../service/route53/poll-zones.js';
import { ZonePoller } from '../service/route53/zone-poller.js';
import { log, logger, readLambdaSetup } from './lambda-runtime.js';
import { route53Run } from './route53-runtime.js';

const setup = readLambdaSetup(process.env, 'zone poller Lambda');

/** Scheduled every `route53.pollIntervalMinutes`; a snapshot cut short by the timeout resumes next run. */
export const handler = async (_event: unknown, context: Context) => {
  logger.addContext(context);
  const deadline = () => Date.now() + context.getRemainingTimeInMillis() - 20_000;
  const run = await route53Run(setup, deadline);
  const poller = new ZonePoller(run.store, run.adapter, run.zoneView, { log, now: run.now, deadline });
  const summary = await pollZones(poller, run.r53, run.pollDeps);
  await deliverOutbox(run.store, run.slack?.deliverer, {
    owner: `zone-poller-${randomUUID()}`,
    now: run.now,
    log,
    deadline,
  });
  if (summary.failures.length) {
    throw new Error(
      `zone snapshots failed: ${summary.failures.map((f) => `${f.zoneId}: ${f.error}`).join('; ')}`,
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
