import type { RestoreRequest } from '../../../service/route53/restore-types.js';
import { classifySlackError } from '../../errors.js';
import type { SlackAppDeps } from '../deps.js';
import { code } from '../mrkdwn.js';
import { restoreOffMessage } from './messages.js';
import { restorePlanningView } from './modal.js';

/** The one Web API method the confirmation needs on the fast path (Bolt's client in the listeners). */
export interface ViewsClient {
  views: {
    open(args: {
      trigger_id: string;
      view: ReturnType<typeof restorePlanningView>;
    }): Promise<{ view?: { id?: string; hash?: string } }>;
  };
}

export interface OpenRestoreInput {
  deps: Pick<SlackAppDeps, 'restore' | 'log' | 'handoff'>;
  client: ViewsClient;
  /** The gesture's trigger: a modal opens within ~3 s of it or not at all. */
  triggerId: string;
  request: RestoreRequest;
  /** Where the worker answers after the submission (the command's or the button's response URL). */
  responseUrl: string;
  channel: string;
  user: string;
  /** The Slack request's identity: the planning job is named for it. */
  requestId: string;
  /** `/lookout` as this app names it, for the words of a refusal. */
  command: string;
}

/**
 * Opens the confirmation as "planning…" at once (the trigger id lasts about 3 s, and a Route 53 read is
 * not bounded by it), and hands the plan to the worker, which reads Route 53 and the stored history and
 * views.update's the modal with the diff and its Restore button (worker/restore-plan.ts). Returns the
 * ephemeral sentence to show instead when restore is off or the modal could not open.
 */
export async function openRestoreModal(input: OpenRestoreInput): Promise<{ text: string } | undefined> {
  const { deps, request } = input;
  if (!deps.restore) return { text: restoreOffMessage(input.command) };
  let view: { id?: string; hash?: string } | undefined;
  try {
    ({ view } = await input.client.views.open({
      trigger_id: input.triggerId,
      view: restorePlanningView(request),
    }));
  } catch (error) {
    const reason = classifySlackError(error).reason;
    deps.log.warn('restore from Slack: the confirmation did not open', { reason, error });
    return { text: `Slack did not open the confirmation (${code(reason)}); nothing was changed. Try again.` };
  }
  if (!view?.id) return { text: 'Slack opened no confirmation window; nothing was changed. Try again.' };
  await deps.handoff.send({
    kind: 'restore-plan',
    id: `restore-plan:${input.requestId}`,
    viewId: view.id,
    ...(view.hash ? { viewHash: view.hash } : {}),
    zoneId: request.zoneId,
    name: request.name,
    type: request.type,
    ...(request.setIdentifier !== undefined ? { setIdentifier: request.setIdentifier } : {}),
    ...(request.incidentId ? { incidentId: request.incidentId } : {}),
    by: request.by,
    responseUrl: input.responseUrl,
    user: input.user,
    channel: input.channel,
  });
  return undefined;
}
