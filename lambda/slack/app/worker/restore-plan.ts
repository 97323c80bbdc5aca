import type { RestoreRequest } from '../../../service/route53/restore-types.js';
import { classifySlackError } from '../../errors.js';
import type { RestorePlanJob } from '../jobs.js';
import { code } from '../mrkdwn.js';
import { restoreOffMessage, restoreRefusal } from '../restore/messages.js';
import { metadataOf, restoreMessageView, restoreModal } from '../restore/modal.js';
import type { SlackWorkerDeps } from './deps.js';

/**
 * Plans a restore for the modal opened as "planning…": reads Route 53 and the stored history (changing
 * nothing) and puts the plan in the modal with its Restore button, or says in the modal why there is
 * nothing to confirm. A modal the person closed meanwhile is not found by views.update: only logged.
 */
export async function runRestorePlan(job: RestorePlanJob, deps: SlackWorkerDeps): Promise<void> {
  const what = code(`${job.name} ${job.type}`);
  const post = deps.post;
  if (!post) {
    await deps.respond(job.responseUrl, {
      text: `Lookout cannot show the restore plan for ${what} from here: this host has no bot token. Nothing was changed.`,
    });
    return;
  }
  const show = async (view: object) => {
    try {
      await post.updateView({ viewId: job.viewId, hash: job.viewHash, view });
    } catch (error) {
      deps.log.warn('restore from Slack: the confirmation could not be updated (closed?)', {
        reason: classifySlackError(error).reason,
        viewId: job.viewId,
      });
    }
  };
  if (!deps.restorer) return show(restoreMessageView(restoreOffMessage('/lookout')));
  const request: RestoreRequest = {
    zoneId: job.zoneId,
    name: job.name,
    type: job.type,
    by: job.by,
    ...(job.setIdentifier !== undefined ? { setIdentifier: job.setIdentifier } : {}),
    ...(job.incidentId ? { incidentId: job.incidentId } : {}),
  };
  let prepared: Awaited<ReturnType<Awaited<ReturnType<NonNullable<SlackWorkerDeps['restorer']>>>['prepare']>>;
  try {
    prepared = await (await deps.restorer()).prepare(request);
  } catch (error) {
    const refusal = restoreRefusal(error);
    if (refusal) return show(restoreMessageView(refusal));
    deps.log.error('restore from Slack: could not read the record set', error, { ...request });
    return show(
      restoreMessageView(
        `Lookout could not read ${what} from Route 53 to plan the restore: ${(error as Error).name}. Nothing was changed; try again in a moment.`,
      ),
    );
  }
  await show(restoreModal(prepared, metadataOf(prepared, job.responseUrl, job.channel)));
}
