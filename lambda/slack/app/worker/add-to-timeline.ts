import { copiedMessageEntry } from '../../../domain/incidents/copied-message.js';
import { describeError } from '../../../shared/describe-error.js';
import { NotFoundError } from '../../../store/errors.js';
import { classifySlackError } from '../../errors.js';
import type { AddToTimelineJob } from '../jobs.js';
import { code, escapeMrkdwn } from '../mrkdwn.js';
import type { SlackWorkerDeps } from './deps.js';
import { runTell } from './tell.js';

/**
 * "Add to incident timeline", after the modal closed: asks Slack for the message's permalink, writes the
 * entry (author, the message's time, permalink, text) and its delivery, then tells the person. The
 * entry's id comes from the incident, channel and ts only, so a run again (a redelivered invoke, the
 * modal submitted twice) writes nothing new whatever the permalink did. Without a permalink the entry
 * is written without a link and the log says why: a link Slack did not give is never made up.
 */
export async function runAddToTimeline(job: AddToTimelineJob, deps: SlackWorkerDeps): Promise<void> {
  const { message, incidentId } = job;
  const tell = (text: string) =>
    runTell({ kind: 'tell', id: `tell:${job.id}`, user: job.user, channel: message.channel, text }, deps);
  if (!deps.record) {
    deps.log.error('no store on this host to write the copied message to', undefined, {
      id: job.id,
      incidentId,
    });
    await tell(`Lookout could not add the message to incident ${code(incidentId)}: this host has no store.`);
    return;
  }
  const { permalink, reason } = await askPermalink(job, deps);
  const entry = copiedMessageEntry({ ...message, incidentId, permalink, by: job.by, byFacts: job.facts });
  try {
    await deps.record(entry);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    await tell(`There is no incident ${code(incidentId)} any more; the message was not added to it.`);
    return;
  }
  await deps.deliver?.();
  await tell(
    permalink
      ? `Added to the timeline of incident ${code(incidentId)}.`
      : `Added to the timeline of incident ${code(incidentId)}, without a link to the message (${reason}): the entry names its channel and time.`,
  );
}

async function askPermalink(
  job: AddToTimelineJob,
  deps: SlackWorkerDeps,
): Promise<{ permalink?: string; reason?: string }> {
  const { channel, ts } = job.message;
  if (!deps.post) {
    deps.log.warn('chat.getPermalink not asked (no bot token on this host); the entry has no link', {
      channel,
      ts,
      reason: 'no bot token',
    });
    return { reason: 'this host has no bot token to ask Slack with' };
  }
  try {
    return { permalink: await deps.post.permalink({ channel, ts }) };
  } catch (error) {
    // The entry still names the channel and ts; the log keeps Slack's reason.
    const { reason } = classifySlackError(error);
    deps.log.warn('chat.getPermalink failed; the entry has no link', {
      channel,
      ts,
      reason,
      error: describeError(error),
    });
    return { reason: `Slack answered ${escapeMrkdwn(reason)}` };
  }
}
