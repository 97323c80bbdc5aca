import { classifySlackError } from '../../errors.js';
import type { WatchChannelJob } from '../jobs.js';
import { code } from '../mrkdwn.js';
import type { SlackWorkerDeps } from './deps.js';

/**
 * After `/lookout watch … #channel`: asks Slack (conversations.info) whether Lookout can post there, and
 * tells the person only when it cannot — a channel that does not exist or that the bot was never invited
 * to would otherwise swallow the name's incidents. A host without a bot token cannot ask: it says so.
 */
export async function runWatchChannel(job: WatchChannelJob, deps: SlackWorkerDeps): Promise<void> {
  const where = `<#${job.watchChannel}>`;
  const slash = job.targetId.lastIndexOf('/');
  const again = code(
    `/lookout watch ${job.targetId.slice(0, slash)} ${job.targetId.slice(slash + 1)} #another-channel`,
  );
  const fix = `invite Lookout there (\`/invite @Lookout\`), or choose another with ${again}`;
  if (!deps.post) {
    await deps.respond(job.responseUrl, {
      text: `Lookout could not check ${where} from here (no bot token on this host): ${code(job.targetId)}'s incidents reach it only if Lookout is in it.`,
    });
    return;
  }
  let problem: string | undefined;
  try {
    const found = await deps.post.channel(job.watchChannel);
    if (found.isArchived) problem = `${where} is archived`;
    else if (!found.isMember) problem = `Lookout is not in ${where}`;
  } catch (error) {
    const reason = classifySlackError(error).reason;
    if (reason !== 'channel_not_found') throw error;
    problem = `Slack knows no channel ${where} that Lookout can see (${code(reason)})`;
  }
  if (!problem) return;
  deps.log.warn('watch list: the channel chosen cannot be posted to', {
    channel: job.watchChannel,
    targetId: job.targetId,
    problem,
  });
  await deps.respond(job.responseUrl, {
    text: `${problem}, so ${code(job.targetId)}'s incidents cannot be posted there: ${fix}.`,
  });
}
