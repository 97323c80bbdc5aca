import { describeError } from '../../../shared/describe-error.js';
import type { TellJob } from '../jobs.js';
import type { SlackWorkerDeps } from './deps.js';

/**
 * Tells one person what came of their request, whichever way Slack accepts first: an ephemeral message
 * in `channel` when the job names one (a modal's answer: it works however long the modal stayed open,
 * but needs the bot and the person in the channel — `channel_not_found` where the bot was never
 * invited), then the request's response URL (no membership needed; 30 minutes, 5 answers), then a
 * direct message from the bot. Each refusal is logged with Slack's reason; the work the answer
 * is about was done before this job was sent, so a lost answer loses nothing but the sentence.
 */
export async function runTell(job: TellJob, deps: SlackWorkerDeps): Promise<void> {
  const ways: { via: string; send: () => Promise<void> }[] = [];
  const { responseUrl, channel } = job;
  const post = deps.post;
  if (post && channel)
    ways.push({
      via: 'chat.postEphemeral',
      send: () => post.ephemeral({ channel, user: job.user, text: job.text }),
    });
  if (responseUrl)
    ways.push({
      via: 'response_url',
      send: () => deps.respond(responseUrl, { text: job.text, replace_original: false }),
    });
  if (post) ways.push({ via: 'direct message', send: () => post.direct({ user: job.user, text: job.text }) });
  const refused: string[] = [];
  for (const way of ways) {
    try {
      await way.send();
      if (refused.length)
        deps.log.warn('told the person another way', {
          id: job.id,
          via: way.via,
          refused: refused.join('; '),
        });
      return;
    } catch (error) {
      refused.push(`${way.via}: ${describeError(error)}`);
    }
  }
  deps.log.error('could not tell the person the outcome of their request', undefined, {
    id: job.id,
    user: job.user,
    channel: job.channel ?? null,
    refused: refused.join('; ') || 'no way to answer on this host (no response URL, no bot token)',
  });
}
