/**
 * What a channel received, call by call: the storm benchmark (issue #11) counts top-level posts, replies,
 * edits, all calls and 429s per channel and minute. Times are on the emulator's injected clock.
 */
export interface TrafficCall {
  /** Epoch milliseconds on the `now` clock. */
  at: number;
  method: string;
  /** The channel id the call named (a `#name` resolved), when it named one. */
  channel?: string;
  /** chat.postMessage without thread_ts (`post`) or with it (`reply`); chat.update (`edit`). */
  kind?: 'post' | 'reply' | 'edit';
  status: number;
  error?: string;
}

export interface TrafficRow {
  channel: string;
  /** The UTC minute, `2026-12-02T15:45Z`. */
  minute: string;
  /** Accepted posts, replies and edits: what a person in the channel sees. */
  topLevelPosts: number;
  replies: number;
  edits: number;
  /** Every Web API call naming the channel, accepted or refused. */
  calls: number;
  /** Calls answered HTTP 429. */
  ratelimited: number;
}

/** Enough for a long benchmark; the oldest calls go first once it is full. */
export const DEFAULT_TRAFFIC_CAPACITY = 200_000;

/** A bounded ring of every Web API call the emulator answered. */
export class TrafficLog {
  private readonly ring: TrafficCall[] = [];
  private next = 0;

  constructor(private readonly capacity = DEFAULT_TRAFFIC_CAPACITY) {}

  record(call: TrafficCall): void {
    if (this.ring.length < this.capacity) this.ring.push(call);
    else this.ring[this.next] = call;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first. */
  calls(): TrafficCall[] {
    if (this.ring.length < this.capacity) return [...this.ring];
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  /** One row per channel and UTC minute that had calls, by minute then channel; calls naming no channel are left out. */
  perChannelMinute(): TrafficRow[] {
    const rows = new Map<string, TrafficRow>();
    for (const call of this.calls()) {
      if (!call.channel) continue;
      const minute = `${new Date(call.at).toISOString().slice(0, 16)}Z`;
      const key = `${minute} ${call.channel}`;
      const row = rows.get(key) ?? {
        channel: call.channel,
        minute,
        topLevelPosts: 0,
        replies: 0,
        edits: 0,
        calls: 0,
        ratelimited: 0,
      };
      row.calls += 1;
      if (call.status === 429) row.ratelimited += 1;
      const accepted = call.status === 200 && !call.error;
      if (accepted && call.kind === 'post') row.topLevelPosts += 1;
      if (accepted && call.kind === 'reply') row.replies += 1;
      if (accepted && call.kind === 'edit') row.edits += 1;
      rows.set(key, row);
    }
    return [...rows.values()].sort((a, b) =>
      a.minute === b.minute ? a.channel.localeCompare(b.channel) : a.minute.localeCompare(b.minute),
    );
  }
}

/** The call as the traffic log keeps it, from the method, its arguments and the answer. */
export function trafficCall(
  at: number,
  method: string,
  params: Record<string, unknown> | undefined,
  channel: string | undefined,
  answer: { status: number; error?: string },
): TrafficCall {
  const threaded = typeof params?.thread_ts === 'string' && params.thread_ts !== '';
  const kind =
    method === 'chat.postMessage'
      ? threaded
        ? 'reply'
        : 'post'
      : method === 'chat.update'
        ? 'edit'
        : undefined;
  return {
    at,
    method,
    ...(channel ? { channel } : {}),
    ...(kind ? { kind } : {}),
    status: answer.status,
    ...(answer.error ? { error: answer.error } : {}),
  };
}
