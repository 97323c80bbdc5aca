import { renderMarkdownExport } from '../../../domain/render/markdown-export.js';
import { NotFoundError } from '../../../store/errors.js';
import type { TimelineJob } from '../jobs.js';
import { code } from '../mrkdwn.js';
import type { SlackWorkerDeps } from './deps.js';

/**
 * `/lookout timeline <id>` and Show timeline: the Markdown export (the same as `lookout export`)
 * uploaded with files.uploadV2 into the incident's thread, or into the channel where it was asked
 * when the incident has no root message yet; the person is told where it went.
 */
export async function runTimeline(job: TimelineJob, deps: SlackWorkerDeps): Promise<void> {
  if (!deps.incident || !deps.upload) {
    await deps.respond(job.responseUrl, {
      text: `Lookout cannot upload ${code(job.incidentId)}'s timeline from here: this host has no bot token or store for it. \`lookout export ${job.incidentId}\` writes the same Markdown.`,
    });
    return;
  }
  let found: Awaited<ReturnType<NonNullable<SlackWorkerDeps['incident']>>>;
  try {
    found = await deps.incident(job.incidentId);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    await deps.respond(job.responseUrl, { text: `There is no incident ${code(job.incidentId)}.` });
    return;
  }
  const { incident, timeline } = found;
  const root = incident.slack;
  const channel = root?.channel ?? job.channel;
  await deps.upload({
    channel,
    threadTs: root?.ts,
    filename: `${incident.id}.md`,
    title: `Incident ${incident.id}: timeline`,
    content: renderMarkdownExport(incident, timeline),
    comment: `Timeline of ${incident.id} (${timeline.length} entr${timeline.length === 1 ? 'y' : 'ies'}), as asked by <@${job.user}>.`,
  });
  await deps.respond(job.responseUrl, {
    text: `Uploaded ${code(`${incident.id}.md`)} (${timeline.length} timeline entr${timeline.length === 1 ? 'y' : 'ies'}) ${root ? "into the incident's thread" : 'into this channel'}.`,
  });
}
