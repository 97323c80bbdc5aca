import { plural } from '../lambda/domain/calm/text.js';
import type { SlackCall } from '../lambda/slack/slack-poster.js';

export interface SlackCounts {
  /** Every Web API call delivery made, answered or refused. */
  calls: number;
  posts: number;
  replies: number;
  edits: number;
  /** Of the edits: of a top-level message (the incident's root), and of a thread reply (a grouped reply). */
  rootEdits: number;
  replyEdits: number;
}

/**
 * Counts the demo's Slack traffic on Lookout's side (SlackPoster `onCall`), so it works against real
 * Slack as well as the emulator: accepted posts, replies and edits, and every call.
 */
export class SlackCallCount {
  private readonly topLevel = new Set<string>();
  private readonly counts: SlackCounts = {
    calls: 0,
    posts: 0,
    replies: 0,
    edits: 0,
    rootEdits: 0,
    replyEdits: 0,
  };

  readonly record = (call: SlackCall): void => {
    this.counts.calls++;
    if (!call.ok) return;
    if (call.kind === 'post') {
      this.counts.posts++;
      // By ts alone: a post names the channel as configured (`#alerts`), an edit by the id Slack answered.
      if (call.ts) this.topLevel.add(call.ts);
    } else if (call.kind === 'reply') this.counts.replies++;
    else if (call.kind === 'edit') {
      this.counts.edits++;
      if (call.ts && this.topLevel.has(call.ts)) this.counts.rootEdits++;
      else this.counts.replyEdits++;
    }
  };

  get value(): SlackCounts {
    return { ...this.counts };
  }

  /** `Slack: 1 top-level post, 8 thread replies, 9 edits (of which 6 of the root, 3 of grouped replies); 24 Web API calls in all`. */
  line(): string {
    const c = this.counts;
    return `Slack: ${plural(c.posts, 'top-level post', 'top-level posts')}, ${plural(c.replies, 'thread reply', 'thread replies')}, ${plural(c.edits, 'edit', 'edits')} (of which ${c.rootEdits} of the root, ${c.replyEdits} of grouped replies); ${plural(c.calls, 'Web API call', 'Web API calls')} in all`;
  }
}
