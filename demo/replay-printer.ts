import type { TimelineEntry } from '../lambda/domain/incident.js';
import { formatEntryLine } from '../lambda/domain/render/text.js';

/**
 * Prints the timeline entries as Lookout makes them (after delivering them to Slack) and notes, once
 * the race is on, when EMPTY was first seen (any source, and the probe's) and when the incident resolved.
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

  constructor(
    private readonly deps: {
      out: NodeJS.WritableStream;
      deliver: () => Promise<unknown>;
      round: () => number;
      color: boolean;
      timeZone: string | undefined;
    },
  ) {
    this.alert = new Promise<void>((resolve) => {
      this.alerted = resolve;
    });
    this.resolved = new Promise<void>((resolve) => {
      this.resolvedSeen = resolve;
    });
  }

  readonly print = async (entries: TimelineEntry[], who = 'lookout'): Promise<void> => {
    const { out, color, timeZone } = this.deps;
    if (entries.length) await this.deps.deliver();
    for (const entry of entries) {
      out.write(`  ${who.padEnd(7)}  ${formatEntryLine(entry, undefined, { color, timeZone })}\n`);
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
}
