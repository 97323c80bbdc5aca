import { ABSENT } from '../../../domain/route53/history.js';
import { contentHash } from '../../../domain/route53/record-set.js';
import { describeContent, describeKey } from '../../../service/route53/restore-steps.js';
import type { PreparedRestore, RestoreResult, RestoreStep } from '../../../service/route53/restore-types.js';
import type { RestoreJob } from '../jobs.js';
import { code, codeBlock } from '../mrkdwn.js';
import { restoreRefusal } from '../restore/messages.js';
import type { SlackWorkerDeps } from './deps.js';

/**
 * A restore confirmed in its modal. Planned again here, since time passed while the modal was open:
 * if Route 53 or the last-known-good is no longer what the person confirmed, nothing is submitted.
 * Otherwise exactly that batch is submitted (compare-and-swap: a change between this read and the
 * submit makes Route 53 refuse it whole, and its message is passed on, as `lookout restore` does).
 * Each step is written on the incident's timeline and queued for its thread, then the outbox is sent;
 * without an incident the steps go to the log. The person gets two answers: started, and the outcome.
 */
export async function runRestore(job: RestoreJob, deps: SlackWorkerDeps): Promise<void> {
  const what = code(`${job.name} ${job.type}`);
  if (!deps.restorer) {
    await deps.respond(job.responseUrl, {
      text: `Lookout did not restore ${what}: restore from Slack is off on its worker (\`route53.restoreFromSlack\`). Nothing was changed.`,
    });
    return;
  }
  const zones = deps.restoreZones ?? [];
  if (!zones.includes(job.zoneId)) {
    deps.log.warn('restore from Slack: refused a zone that is not configured', { zoneId: job.zoneId });
    await deps.respond(job.responseUrl, {
      text: `Lookout did not restore ${what}: it restores only in the hosted zones of its config (${zones.map((z) => code(z)).join(', ') || 'none'}), not ${code(job.zoneId)}. Nothing was changed.`,
    });
    return;
  }
  const steps: RestoreStep[] = [];
  const restorer = await deps.restorer((step) => {
    steps.push(step);
    deps.log.info('restore from Slack: step', {
      ...step,
      by: job.by,
      zoneId: job.zoneId,
      incidentId: job.incidentId ?? null,
    });
  });
  let prepared: PreparedRestore;
  try {
    prepared = await restorer.prepare({
      zoneId: job.zoneId,
      name: job.name,
      type: job.type,
      by: job.by,
      ...(job.setIdentifier !== undefined ? { setIdentifier: job.setIdentifier } : {}),
      ...(job.incidentId ? { incidentId: job.incidentId } : {}),
    });
  } catch (error) {
    const refusal = restoreRefusal(error);
    if (!refusal) throw error;
    await deps.respond(job.responseUrl, { text: `Lookout did not restore ${what}: ${refusal}` });
    return;
  }
  const moved = changedSinceConfirmed(job, prepared);
  if (moved) {
    deps.log.warn('restore from Slack: refused, the record set changed after the confirmation', {
      by: job.by,
      moved,
    });
    await deps.respond(job.responseUrl, {
      text: `Lookout did not restore ${what}: ${moved} Nothing was changed; run the restore again to review the new plan.`,
    });
    return;
  }
  await deps.respond(job.responseUrl, {
    text: `<@${job.user}> confirmed: restoring ${what} in ${code(job.zoneId)} now${prepared.incidentId ? `; each step goes to the thread of incident ${code(prepared.incidentId)}` : ''}.`,
  });
  let result: RestoreResult | undefined;
  let refusal: string | undefined;
  try {
    result = await restorer.apply(prepared);
  } catch (error) {
    refusal = restoreRefusal(error);
    if (!refusal) throw error;
  }
  // The steps are on the timeline and in the outbox already: sending now puts them in the thread.
  await deps
    .deliver?.()
    .catch((error: unknown) =>
      deps.log.warn('restore from Slack: the thread is updated by the next delivery', { error }),
    );
  await deps.respond(job.responseUrl, { text: outcomeText(what, steps, result, refusal) });
}

/** Why the plan is not the one confirmed, or undefined when it is. */
function changedSinceConfirmed(job: RestoreJob, prepared: PreparedRestore): string | undefined {
  const now = prepared.current ? contentHash(prepared.current) : ABSENT;
  const held = prepared.current ? describeContent(prepared.current) : '(absent)';
  if (now !== job.currentHash)
    return `the record changed since you confirmed: Route 53 holds ${code(held)} for ${code(describeKey(prepared.key))} now.`;
  if (prepared.good.hash !== job.goodHash)
    return `its last-known-good version changed since you confirmed: it is ${code(describeContent(prepared.good.content))} now.`;
  return undefined;
}

/** The person's last answer: the outcome in one sentence (the change id only when Route 53 gave one), then the steps. */
export function outcomeText(
  what: string,
  steps: readonly RestoreStep[],
  result: Pick<RestoreResult, 'outcome' | 'changeId'> | undefined,
  refusal?: string,
): string {
  const lines = steps.map((s) => s.text.replace(/^restore: /, ''));
  const change = result?.changeId ? ` (change ${code(result.changeId)})` : '';
  const head = refusal
    ? `*Not restored* ${what}: ${refusal}`
    : result?.outcome === 'verified'
      ? `*Restored* ${what}${change} and verified.`
      : `*Submitted* ${what}${change}, but it is not verified: see the steps.`;
  return [head, codeBlock(lines.map((l) => (l.length > 300 ? `${l.slice(0, 299)}…` : l)))].join('\n');
}
