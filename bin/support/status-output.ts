import { outcomeSummary } from '../../lambda/domain/render/describe.js';
import { formatDuration, formatTime } from '../../lambda/domain/render/time.js';
import type { StatusReport } from './status-report.js';
import { describeConditions } from './target-view.js';

/** `lookout status` for a person: where the view is from, then one block per target, in config order. */
export function formatStatus(report: StatusReport, now: Date, zone?: string): string {
  const time = (iso: string) => formatTime(iso, zone);
  const ago = (iso: string) => formatDuration(Math.max(0, now.getTime() - Date.parse(iso)));
  const lines: string[] = [headline(report, time, ago), describeConditions(report.targets)];
  for (const note of report.notes) lines.push(`note: ${note}`);
  for (const t of report.targets) {
    lines.push('');
    const since = t.since ? ` since ${time(t.since)}` : '';
    const probed = t.lastProbeAt ? ` · last probe ${time(t.lastProbeAt)}` : '';
    lines.push(`${t.id}  ${t.condition}${since}${probed}`);
    if (t.watchedBy) lines.push(`  watched from Slack (added by ${t.watchedBy}), not in the config`);
    for (const answer of t.answers ?? []) lines.push(`  ${answer.resolver}  ${outcomeSummary(answer)}`);
    if (t.error) lines.push(`  the last round could not process it: ${t.error}`);
    if (t.incident) {
      const i = t.incident;
      lines.push(`  incident ${i.id}  ${i.title} · ${i.status} · opened ${time(i.openedAt)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function headline(report: StatusReport, time: (iso: string) => string, ago: (iso: string) => string): string {
  const start = report.start;
  if (report.source === 'stored' || !start) {
    const who = `${report.running ? 'a' : 'no'} lookout start is running on ${report.dataDir}`;
    return `${who}; from the stored detector state (saved on every change, at least every 30 probes and when a start stops; a start that was killed may have probed since)`;
  }
  const round = start.lastRound
    ? `last round ${time(start.lastRound.endedAt)} (${ago(start.lastRound.endedAt)} ago, took ${(start.lastRound.ms / 1000).toFixed(1)} s)`
    : 'no round finished yet';
  const every = `every ${start.intervalSeconds} s`;
  if (report.source === 'running')
    return `lookout start is running on ${report.dataDir} (pid ${start.pid}, since ${time(start.startedAt)}): ${start.rounds} rounds, ${round}, ${every}`;
  return `no lookout start is running on ${report.dataDir}; the last one (pid ${start.pid}) did not stop cleanly and left what it saw: ${start.rounds} rounds, ${round}`;
}
