import type { TimelineEntry } from '../lambda/domain/incident.js';
import { TerminalGroups } from '../lambda/domain/render/terminal-groups.js';

/**
 * Prints the timeline entries as Lookout makes them (after delivering them to Slack) and notes, once
 * the race is on, when EMPTY was first seen (any source, and the probe's) and when the incident resolved.
 * As `lookout start` does, state changes print at once and the racing writers' record changes as one
 * group line (TerminalGroups): when its window closes (checked at each print, every probe round at
 * least), before the incident's next state change, or on `flush()` once the replay is over.
 */
export class ReplayPrinter {
  /** Set when the race starts: EMPTY before it is not the race's. */
  racing = false;
  /** When EMPTY was first seen, by any source (the CloudTrail re-read may be first). */
  emptyHr: bigint | undefined;
  /** When the probe first saw EMPTY: the alert. */
  probeHr: bigint | undefined;
  /** The probe round the alert came in. */
  alertedInRound: number | undefined;
  /** Resolves when the probe alerts EMPTY during the race. */
  readonly alert: Promise<void>;
  /** Resolves when an entry says the incident resolved. */
  readonly resolved: Promise<void>;
  private alerted: () => void = () => {};
  private resolvedSeen: () => void = () => {};
  private readonly groups: TerminalGroups;

  constructor(
    private readonly deps: {
      out: NodeJS.WritableStream;
      deliver: () => Promise<unknown>;
      round: () => number;
      color: boolean;
      timeZone: string | undefined;
      /** Epoch ms: the group window runs on it (default Date.now). */
      now?: () => number;
      /** Every entry on its own line at once, as before grouping. */
      everyLine?: boolean;
    },
  ) {
    const { out, color, timeZone } = deps;
    this.groups = new TerminalGroups({
      now: deps.now ?? Date.now,
      text: { color, timeZone },
      labelInLine: false,
      ...(deps.everyLine ? { everyLine: true } : {}),
      // A group's list lines sit under its sentence, past the column that names who wrote it.
      write: (lines, who = 'lookout') => {
        lines.forEach((line, i) => {
          out.write(`  ${(i === 0 ? who : '').padEnd(7)}  ${line}\n`);
        });
      },
    });
    this.alert = new Promise<void>((resolve) => {
      this.alerted = resolve;
    });
    this.resolved = new Promise<void>((resolve) => {
      this.resolvedSeen = resolve;
    });
  }

  readonly print = async (entries: TimelineEntry[], who = 'lookout'): Promise<void> => {
    if (entries.length) await this.deps.deliver();
    this.groups.flushDue();
    for (const entry of entries) {
      this.groups.add(entry, who);
      // EMPTY as clients see it (the probe), and as Route 53 holds it (the re-read after CloudTrail).
      const isEmpty = entry.kind === 'EMPTY' || (entry.kind === 'OPENED' && entry.text.includes('EMPTY'));
      if (this.racing && isEmpty && this.emptyHr === undefined) this.emptyHr = process.hrtime.bigint();
      if (this.racing && isEmpty && entry.source === 'dns-probe' && this.probeHr === undefined) {
        this.probeHr = process.hrtime.bigint();
        this.alertedInRound = this.deps.round();
        this.alerted();
      }
      if (entry.kind === 'RESOLVED') this.resolvedSeen();
    }
  };

  /** Prints what is still held: the replay is over. */
  flush(): void {
    this.groups.flush();
  }
}
