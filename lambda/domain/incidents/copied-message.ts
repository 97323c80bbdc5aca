import type { TimelineEntry } from '../incident.js';
import { formatTime } from '../render/time.js';
import { entryIdFor } from './ids.js';

/** A chat message copied into an incident's timeline (Slack's "Add to incident timeline" shortcut). */
export interface CopiedMessageFacts {
  incidentId: string;
  channel: string;
  /** The message's `ts` (seconds.micros): its time, and with the channel its identity. */
  ts: string;
  /** The author's member id, when the message had one (a bot's or a workflow's may not). */
  author?: string | undefined;
  /** The start of its text, as it will be quoted (escaped where it is rendered, never here). */
  excerpt: string;
  /** chat.getPermalink's answer; absent when Slack could not give one. */
  permalink?: string | undefined;
  /** Who copied it (`slack:U… (@alice)`) and their facts. */
  by: string;
  byFacts: Record<string, string>;
}

/** A Slack `ts` as an ISO time (its whole milliseconds). */
export function slackTsTime(ts: string): string {
  return new Date(Math.floor(Number(ts) * 1000)).toISOString();
}

/**
 * The entry for a copied message, dated at the message's own time (the source's time, as every entry
 * is) and keyed by incident, channel and ts: copying the same message into the same incident twice
 * writes one entry.
 */
export function copiedMessageEntry(message: CopiedMessageFacts): TimelineEntry {
  const at = slackTsTime(message.ts);
  const author = message.author ?? 'an unknown author';
  const link = message.permalink ? ` ${message.permalink}` : ' (Slack gave no permalink)';
  const quote = message.excerpt ? `: "${message.excerpt}"` : ' (no text)';
  return {
    incidentId: message.incidentId,
    entryId: entryIdFor(message.incidentId, 'NOTE', `slack-message#${message.channel}#${message.ts}`),
    at,
    kind: 'NOTE',
    source: message.by,
    text: `Slack message by ${author} at ${formatTime(at)}, added by ${message.by}${quote}${link}`,
    facts: {
      ...message.byFacts,
      slackMessageChannel: message.channel,
      slackMessageTs: message.ts,
      ...(message.author ? { slackMessageAuthor: message.author } : {}),
      ...(message.permalink ? { slackPermalink: message.permalink } : {}),
    },
  };
}
