import { formatTime, STATUS_EMOJI, statusLine } from '../../../../../domain/render/describe.js';
import { code, escapeMrkdwn } from '../../../mrkdwn.js';
import { noMoreThan } from './args.js';
import type { Subcommand } from './subcommand.js';

/** Incidents listed, newest first: enough for a shift, within one Slack message. */
const LISTED = 15;

export const incidents: Subcommand = {
  name: 'incidents',
  usage: '',
  help: 'the newest incidents, open or not, with their ids',
  async run(request) {
    noMoreThan(request, incidents, 0);
    // One more than shown, to know whether older ones exist.
    const found = await request.deps.incidents.list(LISTED + 1);
    if (!found.length) return { text: 'No incidents yet.' };
    const shown = found.slice(0, LISTED);
    const head =
      found.length > LISTED
        ? `*The ${LISTED} newest incidents*`
        : `*All ${shown.length} incident${shown.length === 1 ? '' : 's'}*`;
    const lines = shown.map(
      (i) =>
        `• ${STATUS_EMOJI[i.status]} ${code(i.id)} ${i.headlineKind} ${code(i.targetId)} — opened ${formatTime(i.openedAt)} · ${escapeMrkdwn(statusLine(i))}`,
    );
    const show = code(`${request.command.command} show <id>`);
    return { text: [head, ...lines, `${show} for one incident's timeline.`].join('\n') };
  },
};
