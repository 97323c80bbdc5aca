import type { RestoreRequest } from '../../../service/route53/restore-types.js';
import { classifySlackError } from '../../errors.js';
import type { SlackAppDeps } from '../deps.js';
import { code } from '../mrkdwn.js';
import { restoreOffMessage, restoreRefusal } from './messages.js';
import { metadataOf, restoreModal } from './modal.js';

/** The one Web API method the confirmation needs (Bolt's client in the listeners). */
export interface ViewsClient {
  views: { open(args: { trigger_id: string; view: ReturnType<typeof restoreModal> }): Promise<unknown> };
}

export interface OpenRestoreInput {
  deps: Pick<SlackAppDeps, 'restore' | 'log'>;
  client: ViewsClient;
  /** The gesture's trigger: a modal opens within ~3 s of it or not at all. */
  triggerId: string;
  request: RestoreRequest;
  /** Where the worker answers after the submission (the command's or the button's response URL). */
  responseUrl: string;
  channel: string;
  /** `/lookout` as this app names it, for the words of a refusal. */
  command: string;
}

/**
 * Reads Route 53 and the stored history (changing nothing), then opens the confirmation modal with the
 * plan. Returns the ephemeral sentence to show instead when there is nothing to confirm (no
 * last-known-good, nothing to restore) or the modal could not open. One ListResourceRecordSets and a
 * few store reads: inside Slack's 3 seconds, so the trigger id is still good.
 */
export async function openRestoreModal(input: OpenRestoreInput): Promise<{ text: string } | undefined> {
  const { deps } = input;
  if (!deps.restore) return { text: restoreOffMessage(input.command) };
  let prepared: Awaited<ReturnType<Awaited<ReturnType<NonNullable<SlackAppDeps['restore']>>>['prepare']>>;
  try {
    prepared = await (await deps.restore()).prepare(input.request);
  } catch (error) {
    const refusal = restoreRefusal(error);
    if (refusal) return { text: refusal };
    deps.log.error('restore from Slack: could not read the record set', error, { ...input.request });
    return {
      text: `Lookout could not read ${code(`${input.request.name} ${input.request.type}`)} from Route 53 to plan the restore: ${(error as Error).name}. Nothing was changed; try again in a moment.`,
    };
  }
  const metadata = metadataOf(prepared, input.responseUrl, input.channel);
  try {
    await input.client.views.open({ trigger_id: input.triggerId, view: restoreModal(prepared, metadata) });
  } catch (error) {
    const reason = classifySlackError(error).reason;
    deps.log.warn('restore from Slack: the confirmation did not open', { reason, error });
    return {
      text: `Slack did not open the confirmation (${code(reason)}); nothing was changed. Reading Route 53 may have taken longer than Slack waits for: try again.`,
    };
  }
  return undefined;
}
