import { formatEntryLine, formatIncidentSummary } from '../../../../../domain/render/text.js';
import { currentEvidence } from '../../../../../domain/render/what-happened.js';
import { NotFoundError } from '../../../../../store/errors.js';
import { code, codeBlock } from '../../../mrkdwn.js';
import { noMoreThan, usageError } from './args.js';
import type { Subcommand } from './subcommand.js';

/** The newest timeline entries shown; the Markdown export (`timeline`) has them all. */
const ENTRIES = 20;
/** A line longer than this (a TXT record's values) is cut, so the message stays within Slack's limits. */
const LINE_CHARS = 300;

export const show: Subcommand = {
  name: 'show',
  usage: '<id>',
  help: "one incident: what happened, its status, the resolvers' answers and its timeline",
  async run(request) {
    const id = request.args[0];
    if (!id) throw usageError(request, show, 'Which incident?');
    noMoreThan(request, show, 1);
    const { deps } = request;
    let found: Awaited<ReturnType<typeof deps.incidents.show>>;
    try {
      found = await deps.incidents.show(id);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      const list = code(`${request.command.command} incidents`);
      throw usageError(request, show, `There is no incident ${code(id)}; ${list} lists their ids.`);
    }
    const { incident, timeline } = found;
    const summary = formatIncidentSummary(incident, deps.now(), currentEvidence(timeline)).split('\n');
    const entries = timeline.slice(-ENTRIES).map((e) => cut(formatEntryLine(e)));
    const older = timeline.length - entries.length;
    return {
      text: [
        codeBlock(summary.map(cut)),
        `*Timeline* (${timeline.length} entr${timeline.length === 1 ? 'y' : 'ies'}${older > 0 ? `, the newest ${entries.length}` : ''})`,
        codeBlock(entries),
      ].join('\n'),
    };
  },
};

function cut(line: string): string {
  return line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS - 1)}…` : line;
}
