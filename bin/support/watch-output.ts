import { look, valueKey } from '../../lambda/domain/detectors/look.js';
import type { TargetState } from '../../lambda/domain/detectors/target-state.js';
import type { TimelineEntry } from '../../lambda/domain/incident.js';
import type { Observation } from '../../lambda/domain/observation.js';
import { TerminalGroups } from '../../lambda/domain/render/terminal-groups.js';
import { formatTime } from '../../lambda/domain/render/time.js';
import type { ComparisonMode, Target } from '../../lambda/domain/targets.js';
import { describeConditions } from './target-view.js';
import { describeLook } from './terminal.js';
import type { WatchBoard } from './watch-board.js';

/** Nothing printed for this long: `lookout start` says it is still watching. */
export const HEARTBEAT_AFTER_MS = 60_000;

export interface WatchOutputOptions {
  /** Epoch ms (injected in tests). */
  now: () => number;
  color?: boolean;
  /** IANA zone for the times shown (default UTC). */
  zone?: string;
  heartbeatAfterMs?: number;
  /** Every timeline entry on its own line at once (`--every-line`); else routine ones are grouped. */
  everyLine?: boolean;
  /** Routine entries of one incident within this long are one group (default CALM_DEFAULTS). */
  groupWindowMs?: number;
}

export interface WatchRow {
  target: Target;
  observation: Observation;
  state: TargetState;
  entries: readonly TimelineEntry[];
}

/**
 * What `lookout start` prints while it watches: a target's line when what it answers changes (not when
 * a caching resolver's TTL counts down), every timeline entry once — a state change at once, routine
 * entries of one incident as one group once its window closes (TerminalGroups) — a heartbeat when
 * nothing has been printed for a minute, and a closing summary.
 */
export class WatchOutput {
  private readonly lastLook = new Map<string, string>();
  private lastOutputAt: number;
  private entriesShown = 0;
  private readonly groups: TerminalGroups;

  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly board: WatchBoard,
    /** Of the entries given, those not shown yet (now marked shown): see TimelineFeed.fresh. */
    private readonly fresh: (entries: readonly TimelineEntry[]) => TimelineEntry[],
    private readonly options: WatchOutputOptions,
  ) {
    this.lastOutputAt = options.now();
    this.groups = new TerminalGroups({
      now: options.now,
      write: (lines, _label, entries) => {
        this.entriesShown += entries;
        for (const line of lines) this.line(line);
      },
      text: { color: options.color ?? false, timeZone: options.zone },
      ...(options.everyLine ? { everyLine: true } : {}),
      ...(options.groupWindowMs !== undefined ? { windowMs: options.groupWindowMs } : {}),
    });
  }

  /** One round's results, in config order whatever order the probes finished in. */
  round(rows: readonly WatchRow[]): void {
    for (const { target, observation, state, entries } of rows) {
      const key = lookKey(observation, state, target.mode);
      if (this.lastLook.get(target.id) !== key) {
        this.lastLook.set(target.id, key);
        this.line(`${this.time(observation.observedAt)}  ${target.id}  ${describeLook(observation, state)}`);
      }
      this.entries(entries, target.id);
    }
  }

  /** Timeline entries (from this process or another one), each shown once. */
  entries(entries: readonly TimelineEntry[], label?: string): void {
    for (const entry of this.fresh(entries)) this.groups.add(entry, label);
  }

  /** Prints the held groups of routine entries now (the process stops: nothing held is lost). */
  flush(): void {
    this.groups.flush();
  }

  /**
   * Called every second: prints the groups whose window closed, then `… 12 targets healthy, last round
   * 0.2 s ago` when nothing was printed for a minute.
   */
  heartbeat(): boolean {
    this.groups.flushDue();
    const now = this.options.now();
    const last = this.board.lastRound;
    if (!last || now - this.lastOutputAt < (this.options.heartbeatAfterMs ?? HEARTBEAT_AFTER_MS))
      return false;
    const views = this.board.list();
    const failed = views.filter((v) => v.error).length;
    const ago = (Math.max(0, now - last.endedAt) / 1000).toFixed(1);
    this.line(
      `${this.time(new Date(now).toISOString())}  ${describeConditions(views)}${failed ? `, ${failed} not processed in the last round` : ''}, last round ${ago} s ago`,
    );
    return true;
  }

  /** The closing line: rounds, what the targets are, what was printed, what is still open. */
  summary(openIncidents: readonly string[]): void {
    this.groups.flush();
    const rounds = this.board.rounds;
    const open = openIncidents.length
      ? `${openIncidents.length} incident${openIncidents.length === 1 ? '' : 's'} open (${openIncidents.join(', ')})`
      : 'no incident open';
    this.line(
      `done: ${rounds} round${rounds === 1 ? '' : 's'}, ${describeConditions(this.board.list())}; ${this.entriesShown} timeline ${this.entriesShown === 1 ? 'entry' : 'entries'} printed; ${open}`,
    );
  }

  private time(iso: string): string {
    return formatTime(iso, this.options.zone);
  }

  private line(text: string): void {
    this.out.write(`${text}\n`);
    this.lastOutputAt = this.options.now();
  }
}

/**
 * What must change for a target's line to be printed again: the outcome (answering, empty, unreachable,
 * with the RCODEs and failures) and the value set — in `pool` mode only the count, since a rotating pool
 * answers a different subset every time. Never the TTL: through a caching resolver it counts down on
 * every probe without anything having changed.
 */
export function lookKey(
  observation: Observation,
  state: Pick<TargetState, 'everPresent'> | undefined,
  mode: ComparisonMode,
): string {
  const l = look(observation);
  if (l.kind === 'present') return `present|${mode === 'exact' ? valueKey(l.values) : l.count}`;
  if (l.kind === 'empty')
    return `empty|${l.rcodes.join('/')}|${l.emptyVotes}/${l.usable}|${state?.everPresent ? 'baseline' : ''}`;
  return `unreachable|${l.failures.join(';')}`;
}
