import type { Incident } from '../../../../../domain/incident.js';
import { headlineSince } from '../../../../../domain/incidents/headline.js';
import {
  formatTime,
  incidentDuration,
  STATUS_EMOJI,
  statusLine,
} from '../../../../../domain/render/describe.js';
import { describeConditions, type TargetView, targetView } from '../../../../../domain/target-view.js';
import { mergeWatched } from '../../../../../domain/watch-list.js';
import { capLines, code, escapeMrkdwn } from '../../../mrkdwn.js';
import { slackUserIdOf } from '../../../slack-actor.js';
import { noMoreThan } from './args.js';
import type { Subcommand } from './subcommand.js';

/** How many incidents are read to find the open ones (as `lookout status` and `incidents --open` do). */
const INCIDENTS_READ = 10_000;
/** Lines per list, so the answer stays within one Slack message. */
const MAX_LINES = 25;

export const status: Subcommand = {
  name: 'status',
  usage: '',
  help: 'open incidents, and how each watched name answers',
  async run(request) {
    noMoreThan(request, status, 0);
    const { deps } = request;
    const now = deps.now();
    const [configured, watched, incidents] = await Promise.all([
      deps.targets(),
      deps.store.watchList.list(),
      deps.incidents.list(INCIDENTS_READ),
    ]);
    // As the next probe round merges them: the config's targets, then the names watched from Slack.
    const targets = mergeWatched(configured, watched, deps.config.probe.resolvers).targets;
    const views = await Promise.all(
      targets.map(async (t) => targetView(t, await deps.store.targets.get(t.id))),
    );
    const open = incidents.filter((i) => i.status !== 'resolved');
    const lines = [
      open.length ? `*Open incidents (${open.length})*` : '*No open incidents.*',
      ...capLines(
        open.map((i) => incidentLine(i, now)),
        MAX_LINES,
        (left) => `…and ${left} more: ${code(`${request.command.command} incidents`)}`,
      ),
      views.length
        ? `*Watched: ${describeConditions(views)}*`
        : '*No names are watched* (the config lists none).',
      ...capLines(
        views.map(targetLine),
        MAX_LINES,
        (left) => `…and ${left} more (\`lookout status\` lists all)`,
      ),
    ];
    return { text: lines.join('\n') };
  },
};

function incidentLine(incident: Incident, now: Date): string {
  return `• ${STATUS_EMOJI[incident.status]} ${code(incident.id)} ${incident.headlineKind} ${code(incident.targetId)} — since ${formatTime(headlineSince(incident))} (${incidentDuration(incident, now)}) · ${escapeMrkdwn(statusLine(incident))}`;
}

function targetLine(view: TargetView): string {
  const since = view.since ? ` since ${formatTime(view.since)}` : '';
  const who = view.watchedBy ? slackUserIdOf(view.watchedBy) : undefined;
  const origin = view.watchedBy ? ` · watched from Slack${who ? ` (added by <@${who}>)` : ''}` : '';
  return `• ${code(view.name)} ${view.type} — ${view.condition}${since}${origin}`;
}
