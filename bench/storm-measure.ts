import type { FakeSlack, TrafficRow } from '../emulators/slack/slack-server.js';
import type { RecordedMessage } from '../emulators/slack/slack-types.js';
import { entryWeight } from '../lambda/domain/calm/entry-weight.js';
import type { TimelineEntry } from '../lambda/domain/incident.js';
import { ROOT_ENTRY } from '../lambda/slack/message-metadata.js';
import { OutboxRepo } from '../lambda/store/outbox-repo.js';
import type { Store } from '../lambda/store/store.js';
import { type Summary, summarize } from './stats.js';
import { beyondPacing, type PacedPost, pacingSlots } from './storm-pacing.js';

/** Later than any root edit could be owed for. */
const FAR_FUTURE = new Date('9999-12-31T00:00:00Z');

/** What is still owed to Slack: pending outbox items, owed root edits, storms still due. */
export interface Owed {
  pending: number;
  rootEdits: number;
  storms: number;
}

export async function owedToSlack(store: Store): Promise<Owed> {
  // Counting re-reads every pending item (hundreds in a storm): for the progress lines and the end only.
  const [channels, owed, storms] = await Promise.all([
    store.outbox.pendingChannels(),
    store.threads.dueRootEdits(FAR_FUTURE, 10_000),
    store.storms.dueChannels(),
  ]);
  let pending = 0;
  for (const channel of channels) pending += (await store.outbox.listPending(10_000, channel)).length;
  return { pending, rootEdits: owed.length, storms: storms.length };
}

/** Nothing left for Slack: no pending outbox item, no owed root edit, no storm still due. */
export function isQuiet(owed: Owed): boolean {
  return owed.pending === 0 && owed.rootEdits === 0 && owed.storms === 0;
}

/**
 * The same question asked cheaply (a few single-item queries), for polling while the storm drains: the
 * bench's own store reads run in Lookout's process and must not take the CPU the flows are measured on
 * (counting every 250 ms re-read 600+ pending items and kept the process ~70% busy by itself).
 */
export async function quietNow(store: Store): Promise<boolean> {
  const [channels, owed, storms] = await Promise.all([
    store.outbox.pendingChannels(),
    store.threads.dueRootEdits(FAR_FUTURE, 1),
    store.storms.dueChannels(),
  ]);
  return channels.length === 0 && owed.length === 0 && storms.length === 0;
}

export interface StormMeasures {
  /** From the emulator: one row per channel and UTC minute. */
  rows: TrafficRow[];
  /** Every Web API call the emulator answered during the run, by method. */
  methods: [string, number][];
  totals: { calls: number; posts: number; replies: number; edits: number; ratelimited: number };
  entries: {
    /** Entries the handlers returned (Health `handleEvent`, probe rounds), by incident and entry id. */
    produced: number;
    /** Timeline entries in the store, over every incident. */
    stored: number;
    /** Produced but not stored, and stored but never produced (each should be 0). */
    missing: number;
    extra: number;
  };
  outbox: { failed: number };
  incidents: {
    total: number;
    topLevel: number;
    inStormThread: number;
    stormMessages: number;
    /** Incidents with no root in Slack, or whose root or storm message the channel does not show. */
    unreachable: { id: string; why: string }[];
  };
  /** From an entry being produced to its own message (reply, or root for OPENED) in Slack. */
  stateChanges: {
    count: number;
    delaySeconds: Summary | undefined;
    /**
     * Per state change, its delay beyond what its channel's pacing alone explains (storm-pacing.ts: a
     * queue of the channel's state changes only, one per `pacingMs`).
     */
    beyondPacingSeconds: Summary | undefined;
    /** The state changes furthest beyond their pacing, with what their channel's calls went to meanwhile. */
    latest: LateStateChange[];
    pacingMs: number;
    /** State-change entries with no message of their own in Slack, by kind. */
    notPosted: [string, number][];
  };
}

export async function measureStorm(deps: {
  store: Store;
  slack: FakeSlack;
  channel: string;
  produced: ReadonlyMap<string, { at: number; entry: TimelineEntry }>;
  /** The channel's pace: one call per this long (slack-pace.ts PER_CHANNEL). */
  pacingMs: number;
}): Promise<StormMeasures> {
  const { store, slack, channel, produced, pacingMs } = deps;
  const calls = slack.traffic();
  const methods = new Map<string, number>();
  for (const c of calls) methods.set(c.method, (methods.get(c.method) ?? 0) + 1);
  const accepted = (kind: string) =>
    calls.filter((c) => c.kind === kind && c.status === 200 && !c.error).length;

  const incidents = await store.incidents.list(100_000);
  const stored = new Map<string, TimelineEntry>();
  for (const incident of incidents)
    for (const entry of await store.incidents.listTimeline(incident.id))
      stored.set(`${entry.incidentId} ${entry.entryId}`, entry);

  const messages = slack.messages.filter((m) => !m.deleted);
  const byTs = new Map(messages.map((m) => [`${m.channel} ${m.ts}`, m]));
  const roots = new Set(slack.roots(channel).map((m) => m.ts));
  const unreachable: { id: string; why: string }[] = [];
  let topLevel = 0;
  let inStormThread = 0;
  for (const incident of incidents) {
    const ref = incident.slack;
    const message = ref ? byTs.get(`${ref.channel} ${ref.ts}`) : undefined;
    if (!ref) unreachable.push({ id: incident.id, why: 'no root posted' });
    else if (!message)
      unreachable.push({ id: incident.id, why: `its root ${ref.ts} is not in ${ref.channel}` });
    else if (!ref.thread) {
      if (message.thread_ts)
        unreachable.push({ id: incident.id, why: `root ${ref.ts} sits in a thread it does not name` });
      else topLevel++;
    } else if (
      message.thread_ts !== ref.thread ||
      !byTs.get(`${ref.channel} ${ref.thread}`) ||
      !roots.has(ref.thread)
    )
      unreachable.push({
        id: incident.id,
        why: `storm message ${ref.thread} is not top-level in ${ref.channel}`,
      });
    else inStormThread++;
  }

  const byKey = new Map<string, RecordedMessage>();
  for (const m of messages) {
    const payload = m.metadata?.event_payload as { incident?: string; entry?: string } | undefined;
    // The first post carrying a key is the one a person saw first.
    if (payload?.incident && payload.entry) {
      const key = `${payload.incident} ${payload.entry}`;
      if (!byKey.has(key)) byKey.set(key, m);
    }
  }
  const delays: number[] = [];
  const paced = new Map<string, LabelledPost[]>();
  const notPosted = new Map<string, number>();
  // Per incident, in production order: whether routine entries came since its last state change.
  const routineSince = new Map<string, boolean>();
  const afterOwnRoutine = new Map<string, boolean>();
  for (const [key, { entry }] of [...produced].sort((a, b) => a[1].at - b[1].at)) {
    if (entryWeight(entry) === 'routine') routineSince.set(entry.incidentId, true);
    else {
      afterOwnRoutine.set(key, routineSince.get(entry.incidentId) ?? false);
      routineSince.set(entry.incidentId, false);
    }
  }
  for (const [key, { at, entry }] of produced) {
    if (entryWeight(entry) !== 'state-change') continue;
    const own =
      byKey.get(key) ??
      (entry.kind === 'OPENED' ? byKey.get(`${entry.incidentId} ${ROOT_ENTRY}`) : undefined);
    if (!own) notPosted.set(entry.kind, (notPosted.get(entry.kind) ?? 0) + 1);
    else {
      delays.push(Math.max(0, Number(own.ts) * 1000 - at) / 1000);
      const posts = paced.get(own.channel) ?? [];
      posts.push({
        label: `${entry.kind} of ${entry.incidentId} (${entry.source})`,
        producedAt: at,
        postedAt: Number(own.ts) * 1000,
        afterOwnRoutine: afterOwnRoutine.get(key) ?? false,
        order: OutboxRepo.seqOf(entry),
      });
      paced.set(own.channel, posts);
    }
  }
  // Each channel has a pace of its own.
  const beyond = [...paced.values()].flatMap((posts) => beyondPacing(posts, pacingMs).map((ms) => ms / 1000));
  // What each message of the channel was, so a late state change names what went before it: another
  // state change Lookout ordered first (earlier or later in its order), a group reply, a root, a summary.
  const posted = messages
    .filter((m) => m.channel === channel)
    .map((m) => {
      const payload = m.metadata?.event_payload as { incident?: string; entry?: string } | undefined;
      const made =
        payload?.incident && payload.entry ? produced.get(`${payload.incident} ${payload.entry}`) : undefined;
      let what: (order: string) => string;
      if (!payload?.incident) what = () => 'storm summary';
      else if (payload.entry === ROOT_ENTRY) what = () => 'root';
      else if (!made) what = () => 'group reply';
      else if (entryWeight(made.entry) === 'routine') what = () => 'routine reply';
      else {
        const seq = OutboxRepo.seqOf(made.entry);
        what = (order) =>
          seq < order ? 'state change before it' : 'state change after it in Lookout’s order';
      }
      return { atMs: Number(m.ts) * 1000, reply: Boolean(m.thread_ts), what };
    });
  const latest = latestBeyondPacing(paced, pacingMs, calls, posted);

  return {
    rows: slack.trafficPerChannelMinute(),
    methods: [...methods.entries()].sort((a, b) => b[1] - a[1]),
    totals: {
      calls: calls.length,
      posts: accepted('post'),
      replies: accepted('reply'),
      edits: accepted('edit'),
      ratelimited: calls.filter((c) => c.status === 429).length,
    },
    entries: {
      produced: produced.size,
      stored: stored.size,
      missing: [...produced.keys()].filter((k) => !stored.has(k)).length,
      extra: [...stored.keys()].filter((k) => !produced.has(k)).length,
    },
    outbox: { failed: (await store.outbox.listFailed()).length },
    incidents: {
      total: incidents.length,
      topLevel,
      inStormThread,
      stormMessages: [...roots].filter((ts) => !incidents.some((i) => i.slack?.ts === ts)).length,
      unreachable,
    },
    stateChanges: {
      count: delays.length + [...notPosted.values()].reduce((a, b) => a + b, 0),
      delaySeconds: delays.length ? summarize(delays) : undefined,
      beyondPacingSeconds: beyond.length ? summarize(beyond) : undefined,
      latest,
      pacingMs,
      notPosted: [...notPosted.entries()],
    },
  };
}

interface LabelledPost extends PacedPost {
  label: string;
}

export interface LateStateChange {
  label: string;
  channel: string;
  beyondSeconds: number;
  /** The channel's accepted calls between its turn and its post, by what they were (`reply 12, edit 3`). */
  meanwhile: string;
}

/**
 * The five state changes furthest beyond their channel's pacing and what the channel's calls went to
 * between their turn and their post: where a storm still costs a state change time.
 */
function latestBeyondPacing(
  paced: ReadonlyMap<string, LabelledPost[]>,
  pacingMs: number,
  calls: readonly { at: number; method: string; channel?: string; kind?: string; status: number }[],
  posted: readonly { atMs: number; reply: boolean; what: (order: string) => string }[],
): LateStateChange[] {
  const late: LateStateChange[] = [];
  for (const [channel, posts] of paced) {
    const slots = pacingSlots(posts, pacingMs);
    for (const post of posts) {
      const slot = slots.get(post) as number;
      const beyond = post.postedAt - slot;
      if (beyond <= 0) continue;
      const spent = new Map<string, number>();
      for (const call of calls)
        if (call.channel === channel && call.at > slot && call.at < post.postedAt && call.kind !== 'reply') {
          const what = call.kind ?? call.method;
          spent.set(what, (spent.get(what) ?? 0) + 1);
        }
      // Replies by what they carried (the emulator's calls do not say).
      for (const message of posted)
        if (message.reply && message.atMs > slot && message.atMs < post.postedAt) {
          const what = message.what(post.order ?? '');
          spent.set(what, (spent.get(what) ?? 0) + 1);
        }
      late.push({
        label: post.label,
        channel,
        beyondSeconds: beyond / 1000,
        meanwhile: [...spent].map(([what, n]) => `${what} ${n}`).join(', ') || 'nothing',
      });
    }
  }
  return late.sort((a, b) => b.beyondSeconds - a.beyondSeconds).slice(0, 5);
}
