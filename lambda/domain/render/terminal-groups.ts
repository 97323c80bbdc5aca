import { entryWeight } from '../calm/entry-weight.js';
import { joinGroup, mayJoin, openGroup, type ReplyGroup } from '../calm/reply-group.js';
import { CALM_DEFAULTS } from '../calm/settings.js';
import type { TimelineEntry } from '../incident.js';
import { formatGroupText, type GroupTextOptions } from './group-text.js';
import { formatEntryLine } from './text.js';

export interface TerminalGroupsOptions {
  /** Epoch ms of the process's clock (injected in tests): the window runs on it. */
  now: () => number;
  /** Prints `lines` under `label`; together they stand for `entries` timeline entries. */
  write: (lines: string[], label: string | undefined, entries: number) => void;
  /** Routine entries of one incident within this long of the first are one group (default 10 s). */
  windowMs?: number;
  /** Every entry on its own line at once, as before grouping (`--every-line`). */
  everyLine?: boolean;
  text?: GroupTextOptions;
  /** The label is the line's target (start); false when the writer shows it its own way (the demo). */
  labelInLine?: boolean;
}

interface Held {
  group: ReplyGroup;
  /** The first entry: a group of one prints as this entry's own line. */
  first: TimelineEntry;
  label: string | undefined;
}

/**
 * The terminal's calm (issue #11): a state change is printed at once, routine entries of one incident
 * are held for the window and printed as one group. Held groups are printed when their window closes
 * (flushDue, called by a ticking caller), before a state change of their incident (order is kept), and
 * on flush (the process stops): nothing held is ever lost.
 * @example const groups = new TerminalGroups({ now: Date.now, write: (lines) => print(lines) });
 */
export class TerminalGroups {
  /** By incident and label, in the order they opened. */
  private readonly held = new Map<string, Held>();

  constructor(private readonly options: TerminalGroupsOptions) {}

  add(entry: TimelineEntry, label?: string): void {
    if (this.options.everyLine || this.windowMs <= 0 || entryWeight(entry) === 'state-change') {
      this.flushIncident(entry.incidentId);
      this.options.write([formatEntryLine(entry, this.inLine(label), this.options.text)], label, 1);
      return;
    }
    const key = `${entry.incidentId}\u0000${label ?? ''}`;
    const now = new Date(this.options.now());
    const open = this.held.get(key);
    if (open && mayJoin(open.group, now, this.windowMs)) {
      open.group = joinGroup(open.group, entry, entry.entryId);
      return;
    }
    if (open) this.release(key, open);
    this.held.set(key, { group: openGroup(entry, entry.entryId, now), first: entry, label });
  }

  /** Prints the groups whose window has closed; returns how many. */
  flushDue(): number {
    const now = new Date(this.options.now());
    let released = 0;
    for (const [key, held] of this.held)
      if (!mayJoin(held.group, now, this.windowMs)) {
        this.release(key, held);
        released++;
      }
    return released;
  }

  /** Prints every held group (the process stops). */
  flush(): void {
    for (const [key, held] of this.held) this.release(key, held);
  }

  /** Entries held, not printed yet. */
  get holding(): number {
    let n = 0;
    for (const held of this.held.values()) n += held.group.count;
    return n;
  }

  private get windowMs(): number {
    return this.options.windowMs ?? CALM_DEFAULTS.groupWindowMs;
  }

  private inLine(label: string | undefined): string | undefined {
    return this.options.labelInLine === false ? undefined : label;
  }

  private flushIncident(incidentId: string): void {
    for (const [key, held] of this.held) if (held.group.incidentId === incidentId) this.release(key, held);
  }

  private release(key: string, held: Held): void {
    this.held.delete(key);
    const { group, first, label } = held;
    const lines =
      group.count === 1
        ? [formatEntryLine(first, this.inLine(label), this.options.text)]
        : formatGroupText(group, this.inLine(label), this.options.text);
    this.options.write(lines, label, group.count);
  }
}
