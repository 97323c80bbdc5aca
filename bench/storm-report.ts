import type { StormResult } from './storm.js';
import type { TargetCheck } from './targets.js';

/** The issue's goals per channel and minute (issue #11, item 6). */
export const STORM_GOALS = {
  topLevelPerMinute: 10,
  callsPerMinute: 60,
  ratelimited: 0,
  /**
   * "A storm never delays a state change by more than the pacing of its own channel": what is left
   * beyond that pacing may only be hand-overs between flows (a probe round's 3 s, the pacer's slot).
   */
  beyondPacingSeconds: 5,
} as const;

const f = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function worst(r: StormResult) {
  return {
    posts: Math.max(0, ...r.rows.map((row) => row.topLevelPosts)),
    calls: Math.max(0, ...r.rows.map((row) => row.calls)),
  };
}

/** Each goal as measured; a missed one fails `npm run bench`. */
export function stormTargets(r: StormResult): TargetCheck[] {
  const w = worst(r);
  const unreachable = r.incidents.unreachable.length;
  const beyond = r.stateChanges.beyondPacingSeconds;
  return [
    {
      name: 'storm: top-level posts per channel and minute (most in any)',
      measured: f(w.posts),
      limit: `≤ ${STORM_GOALS.topLevelPerMinute}`,
      met: w.posts <= STORM_GOALS.topLevelPerMinute,
    },
    {
      name: 'storm: Web API calls per channel and minute (most in any)',
      measured: f(w.calls),
      limit: `≤ ${STORM_GOALS.callsPerMinute}`,
      met: w.calls <= STORM_GOALS.callsPerMinute,
    },
    {
      name: 'storm: HTTP 429 answers received',
      measured: f(r.totals.ratelimited),
      limit: `${STORM_GOALS.ratelimited}`,
      met: r.totals.ratelimited === STORM_GOALS.ratelimited,
    },
    {
      name: 'storm: timeline entries stored = entries produced',
      measured: `${f(r.entries.stored)} stored of ${f(r.entries.produced)} produced (${r.entries.missing} missing, ${r.entries.extra} unaccounted)`,
      limit: 'equal',
      met: r.entries.missing === 0 && r.entries.extra === 0,
    },
    {
      name: 'storm: incidents reachable from the channel (root top-level or in a storm thread)',
      measured: `${f(r.incidents.total - unreachable)} of ${f(r.incidents.total)}`,
      limit: 'all',
      met: unreachable === 0,
    },
    {
      name: "storm: a state change's delay beyond its channel's own pacing (most of any)",
      measured: beyond
        ? `${f(beyond.max, 1)} s (median ${f(beyond.median, 1)} s, ${beyond.runs} state changes)`
        : 'none posted',
      limit: `≤ ${STORM_GOALS.beyondPacingSeconds} s`,
      met: beyond !== undefined && beyond.max <= STORM_GOALS.beyondPacingSeconds,
    },
    {
      name: 'storm: the outbox goes quiet after the last event',
      measured: r.quietSeconds === undefined ? notQuiet(r) : `${f(r.quietSeconds, 1)} s`,
      limit: 'quiet (no time goal)',
      met: r.quietSeconds !== undefined,
    },
  ];
}

export function stormSection(r: StormResult): string[] {
  const w = worst(r);
  const delay = r.stateChanges.delaySeconds;
  return [
    `${f(r.load.versions)} AWS Health event versions over ${r.load.services} services (category \`issue\`, ${f(r.load.versions / r.load.services)} versions each with new status text, every other event closing with its last) and ${f(r.load.changes)} DNS answer changes over ${r.load.names} names (exact mode; per name: another set, deleted, back with another set, another set) spread evenly over ${f(r.load.spanMs / 1000)} s of real time. Each Health version is one invocation of the Health events flow as its Lambda runs it (\`createHealthApp\` → \`handleEvent\` → \`deliver\`, a 45 s deadline), concurrent as EventBridge would invoke them; the probe flow runs as its scheduled Lambda (\`runProbeInvocation\`: a round every ${f(r.load.probeIntervalSeconds)} s, delivery beside the rounds, a 60 s deadline; a run starts every minute whether or not the last has returned, as EventBridge starts it; ${r.load.probeRuns} runs, ${r.load.probeRounds} rounds). Both use Slack as \`slackFor\` builds it (\`slack.calm\` defaults) against the Slack emulator with its limits on (\`rateLimit: ${JSON.stringify(r.rateLimit)}\`), dynalite for the store, one in-process DNS server. While the storm drains the bench asks whether the outbox is quiet every 250 ms with single-item queries; it counts what is owed only for its progress lines and at the end. Routing: ${r.routing}; channel \`${r.channel}\`. All flows share this process, so they share one pacer (\`pacerFor\`); on AWS each Lambda container has its own and the outbox lease keeps one delivery at a time.`,
    '',
    '| channel | minute (UTC) | top-level posts (goal ≤ 10) | replies | edits | all Web API calls (goal ≤ 60) | 429s (goal 0) |',
    '|---|---|---|---|---|---|---|',
    ...r.rows.map(
      (row) =>
        `| ${row.channel} | ${row.minute} | ${row.topLevelPosts} | ${row.replies} | ${row.edits} | ${row.calls} | ${row.ratelimited} |`,
    ),
    '',
    `Most in any channel-minute: **${w.posts} top-level posts, ${w.calls} Web API calls**; 429s in the whole run: **${r.totals.ratelimited}**. Whole run: ${f(r.totals.calls)} calls (${r.methods.map(([m, n]) => `${m} ${f(n)}`).join(', ')}), ${f(r.totals.posts)} top-level posts, ${f(r.totals.replies)} thread replies, ${f(r.totals.edits)} edits.`,
    '',
    '| at the end | measured |',
    '|---|---|',
    `| timeline entries stored / produced | ${f(r.entries.stored)} / ${f(r.entries.produced)} (${r.entries.missing} produced but not stored, ${r.entries.extra} stored but not produced) |`,
    `| incidents reachable from the channel | ${f(r.incidents.total - r.incidents.unreachable.length)} of ${f(r.incidents.total)}: ${r.incidents.topLevel} roots top-level, ${r.incidents.inStormThread} in a storm's thread (${r.incidents.stormMessages} storm messages)${
      r.incidents.unreachable.length
        ? `; **unreachable:** ${r.incidents.unreachable
            .slice(0, 5)
            .map((u) => `${u.id} (${u.why})`)
            .join('; ')}`
        : ''
    } |`,
    `| time from the last event to a quiet outbox | ${r.quietSeconds === undefined ? `**${notQuiet(r)}**` : `${f(r.quietSeconds, 1)} s`} (no pending item, no owed root edit, no storm due; a storm is over only after its quiet period, 60 s by default) |`,
    `| state-change entries: delay to their own message in Slack | ${delay ? `median ${f(delay.median, 1)} s, max **${f(delay.max, 1)} s** (${delay.runs} entries)` : 'none posted'}${r.stateChanges.notPosted.length ? `; without a message of their own: ${r.stateChanges.notPosted.map(([k, n]) => `${k} ${n}`).join(', ')}` : ''} |`,
    `| state-change entries: delay beyond their channel's own pacing (a channel sending only its state changes, one call per ${f(r.stateChanges.pacingMs / 1000, 1)} s, each once produced and in Lookout's order among those waiting — the source's own time — and after its own thread's group reply when routine entries of its incident came since its last state change) | ${r.stateChanges.beyondPacingSeconds ? `median ${f(r.stateChanges.beyondPacingSeconds.median, 1)} s, max **${f(r.stateChanges.beyondPacingSeconds.max, 1)} s**` : 'none posted'} |`,
    `| the state changes furthest beyond their pacing, and what their channel's calls went to between their turn and their post | ${r.stateChanges.latest.map((l) => `${l.label} +${f(l.beyondSeconds, 1)} s (${l.meanwhile})`).join('; ') || 'none'} |`,
    `| outbox items given up (failed) | ${r.outbox.failed} |`,
    `| last event handed over late by | ${f(r.lastEventLateMs)} ms |`,
    '',
    'How each is counted: *produced* is every entry the flows returned (Health `handleEvent(...).entries`, each probe round’s `result.entries`), keyed by incident and entry id; *stored* is every timeline item of every incident in the store afterwards. *Reachable*: the incident’s stored Slack ref names a message the emulator holds, top-level, or in the thread its ref names whose parent is a top-level message of the channel. *Delay*: from the moment the flow returned the entry (wall clock) to the `ts` of the first Slack message whose metadata names that entry (the root, for OPENED).',
    ...(r.logged.length
      ? ['', `Logged warnings and errors: ${r.logged.map(([m, n]) => `“${m}” ×${n}`).join('; ')}.`]
      : []),
  ];
}

function notQuiet(r: StormResult): string {
  const o = r.owedAtEnd;
  return `not quiet ${f(r.quietCapSeconds / 60, 1)} min after the last event: ${o.pending} items pending, ${o.rootEdits} root edits owed, ${o.storms} storms due`;
}

export function stormSummary(r: StormResult): string[] {
  const w = worst(r);
  const delay = r.stateChanges.delaySeconds;
  return [
    `  storm → ${r.channel}: most per channel-minute ${w.posts} top-level posts, ${w.calls} calls; ${r.totals.ratelimited} 429s; entries ${r.entries.stored}/${r.entries.produced} stored; ${r.incidents.total - r.incidents.unreachable.length}/${r.incidents.total} incidents reachable; quiet ${r.quietSeconds === undefined ? 'never' : `${r.quietSeconds.toFixed(1)} s`} after the last event; state-change delay max ${delay ? `${delay.max.toFixed(1)} s` : 'n/a'}, beyond pacing max ${r.stateChanges.beyondPacingSeconds ? `${r.stateChanges.beyondPacingSeconds.max.toFixed(1)} s` : 'n/a'}`,
    ...r.stateChanges.latest.map(
      (l) =>
        `    late: ${l.label} +${l.beyondSeconds.toFixed(1)} s beyond pacing; meanwhile in ${l.channel}: ${l.meanwhile}`,
    ),
  ];
}
