import { formatTime } from '../../lambda/domain/render/time.js';
import type { OutboxItem } from '../../lambda/store/ports.js';

export interface OutboxView {
  pending: OutboxItem[];
  failed: OutboxItem[];
}

/** `lookout outbox` as a person reads it: per channel, pending then failed, each with age and last error. */
export function describeOutbox(view: OutboxView, now: Date, timeZone?: string): string {
  if (!view.pending.length && !view.failed.length) return 'outbox empty: every message reached Slack\n';
  const channels = [...new Set([...view.pending, ...view.failed].map((item) => item.channel))].sort();
  const lines: string[] = [];
  for (const channel of channels) {
    // In time order: the outbox lists a channel's state changes before its routine items.
    const pending = view.pending
      .filter((item) => item.channel === channel)
      .sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
    const failed = view.failed.filter((item) => item.channel === channel);
    lines.push(`${channel}: ${pending.length} pending, ${failed.length} failed`);
    for (const item of pending) lines.push(`  pending  ${describeItem(item, now, timeZone)}`);
    for (const item of failed) lines.push(`  failed   ${describeItem(item, now, timeZone)}`);
  }
  if (view.failed.length) lines.push('', 'put failed items back in line: lookout outbox retry <id>… | --all');
  return `${lines.join('\n')}\n`;
}

function describeItem(item: OutboxItem, now: Date, timeZone: string | undefined): string {
  const queued = item.retriedAt ?? item.enqueuedAt ?? item.entry.at;
  const parts = [
    item.entry.entryId,
    `${item.entry.kind} of ${item.incidentId}`,
    `queued ${formatTime(queued, timeZone)} (${age(now.getTime() - Date.parse(queued))} ago)`,
    `${item.attempts} attempt(s)`,
  ];
  if (item.lastError) parts.push(`last error: ${item.lastError}`);
  if (item.uncertainSince)
    parts.push('an earlier post may have reached Slack: it is looked up before any resend');
  return parts.join(' · ');
}

function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}
