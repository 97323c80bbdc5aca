import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../lambda/domain/incident.js';
import { formatGroupListLine } from '../../../lambda/domain/render/group-text.js';
import { TerminalGroups, type TerminalGroupsOptions } from '../../../lambda/domain/render/terminal-groups.js';
import { formatEntryLine } from '../../../lambda/domain/render/text.js';
import { recordChange, t } from '../calm/fixtures.js';

const T0 = Date.parse('2025-10-20T07:48:12.000Z');

function stateChange(incidentId: string, at: string, kind: TimelineEntry['kind'] = 'EMPTY'): TimelineEntry {
  return { incidentId, entryId: `${kind}-${at}`, at, kind, source: 'dns-probe', text: 'no records' };
}

function forIncident(entry: TimelineEntry, incidentId: string): TimelineEntry {
  return { ...entry, incidentId, entryId: `${incidentId}-${entry.entryId}` };
}

/** A grouper on a clock the test moves; what it prints, as lines, and how many entries they stand for. */
function rig(options: Partial<TerminalGroupsOptions> = {}) {
  let clock = T0;
  const lines: string[] = [];
  let entries = 0;
  const groups = new TerminalGroups({
    now: () => clock,
    write: (printed, _label, n) => {
      lines.push(...printed);
      entries += n;
    },
    ...options,
  });
  return {
    groups,
    lines,
    entries: () => entries,
    at: (ms: number) => {
      clock = T0 + ms;
    },
  };
}

describe('Class: TerminalGroups (lookout start and the demo, calm terminal)', () => {
  it('holds a burst of record changes for the window and prints one group line when it closes', () => {
    // Prepare: 14 record changes by three enactors within 1.4 s.
    const r = rig();
    const burst = Array.from({ length: 14 }, (_, i) =>
      recordChange(i + 1, t(i * 100 + 100 * Math.sign(i)), `enactor-${(i % 3) + 1}`),
    );
    // Act
    burst.forEach((e, i) => {
      r.at(i * 100);
      r.groups.add(e, 'Z1');
    });
    r.at(9_999);
    const early = r.groups.flushDue();
    r.at(10_000);
    const due = r.groups.flushDue();
    // Assess: nothing before the window's edge, one group at it.
    expect(early).toBe(0);
    expect(due).toBe(1);
    expect(r.lines[0]).toBe(
      '2025-10-20 07:48:12 UTC  Z1  RECORD_CHANGED  14 record changes by enactor-1, enactor-2, enactor-3 in 1.4 s  · incident inc-1',
    );
    expect(r.lines.slice(1, 6)).toHaveLength(5);
    expect(r.lines[5]).toBe('    07:48:13.400 UTC · enactor-2 · UPSERT · 10.0.0.14 · C000014');
    expect(r.lines[6]).toBe('    … and 9 more: lookout show inc-1');
    expect(r.lines).toHaveLength(7);
    expect(r.entries()).toBe(14);
    expect(r.groups.holding).toBe(0);
  });

  it('opens a new group for a routine entry that arrives once the window has passed', () => {
    // Prepare
    const r = rig({ windowMs: 1_000 });
    // Act: two entries in the first window, the third 1 s after the first.
    r.groups.add(recordChange(1, t(0), 'enactor-1'));
    r.at(999);
    r.groups.add(recordChange(2, t(999), 'enactor-2'));
    r.at(1_000);
    r.groups.add(recordChange(3, t(1_000), 'enactor-3'));
    // Assess: the first group printed when the third entry could not join; the third is held.
    expect(r.lines[0]).toContain('2 record changes by enactor-1, enactor-2 in 0.9 s');
    expect(r.groups.holding).toBe(1);
  });

  it('prints the held group first when a state change of the same incident arrives', () => {
    // Prepare
    const r = rig();
    r.groups.add(recordChange(1, t(0), 'enactor-1'));
    r.groups.add(recordChange(2, t(10), 'enactor-2'));
    const empty = stateChange('inc-1', t(20));
    // Act
    r.at(20);
    r.groups.add(empty);
    // Assess: the group, then the state change, in the order they happened.
    expect(r.lines[0]).toContain('2 record changes by enactor-1, enactor-2 in 0.0 s');
    expect(r.lines.at(-1)).toBe(formatEntryLine(empty));
    expect(r.entries()).toBe(3);
  });

  it('prints a state change at once and leaves another incident’s group held', () => {
    // Prepare: two incidents interleaved.
    const r = rig();
    r.groups.add(recordChange(1, t(0), 'enactor-1'), 'a');
    r.groups.add(forIncident(recordChange(2, t(1), 'enactor-2'), 'inc-2'), 'b');
    r.groups.add(recordChange(3, t(2), 'enactor-3'), 'a');
    r.groups.add(forIncident(recordChange(4, t(3), 'enactor-1'), 'inc-2'), 'b');
    // Act
    r.groups.add(stateChange('inc-2', t(4), 'RECOVERED'), 'b');
    const afterState = [...r.lines];
    r.at(10_000);
    r.groups.flushDue();
    // Assess: inc-2's group, then its RECOVERED; inc-1's group only once its window closed.
    expect(afterState).toHaveLength(4);
    expect(afterState[0]).toContain('b  RECORD_CHANGED  2 record changes by enactor-2, enactor-1');
    expect(afterState[0]).toContain('incident inc-2');
    expect(afterState[3]).toContain('RECOVERED');
    expect(r.lines[4]).toContain('a  RECORD_CHANGED  2 record changes by enactor-1, enactor-3');
    expect(r.lines[4]).toContain('incident inc-1');
  });

  it('prints a group of one entry as that entry’s own line', () => {
    // Prepare
    const r = rig();
    const only = recordChange(1, t(0), 'enactor-1');
    r.groups.add(only, 'Z1');
    // Act
    r.at(10_000);
    r.groups.flushDue();
    // Assess
    expect(r.lines).toEqual([formatEntryLine(only, 'Z1')]);
  });

  it('prints every held group when the process stops, before the window closes', () => {
    // Prepare
    const r = rig();
    r.groups.add(recordChange(1, t(0), 'enactor-1'), 'a');
    r.groups.add(recordChange(2, t(5), 'enactor-2'), 'a');
    r.groups.add(forIncident(recordChange(3, t(6), 'enactor-3'), 'inc-2'), 'b');
    // Act
    r.at(50);
    r.groups.flush();
    // Assess: nothing held is lost.
    expect(r.groups.holding).toBe(0);
    expect(r.entries()).toBe(3);
    expect(r.lines[0]).toContain('2 record changes');
    expect(r.lines[3]).toBe(formatEntryLine(forIncident(recordChange(3, t(6), 'enactor-3'), 'inc-2'), 'b'));
  });

  it('prints every entry at once with everyLine (--every-line)', () => {
    // Prepare
    const r = rig({ everyLine: true });
    const entries = [recordChange(1, t(0), 'enactor-1'), recordChange(2, t(1), 'enactor-2')];
    // Act
    for (const e of entries) r.groups.add(e, 'Z1');
    // Assess
    expect(r.lines).toEqual(entries.map((e) => formatEntryLine(e, 'Z1')));
    expect(r.groups.holding).toBe(0);
  });
});

describe('Class: TerminalGroups with the label shown by the writer (the demo)', () => {
  it('keeps the label out of the line and hands it to the writer', () => {
    // Prepare
    const labels: (string | undefined)[] = [];
    const lines: string[] = [];
    const groups = new TerminalGroups({
      now: () => T0,
      labelInLine: false,
      write: (printed, label) => {
        lines.push(...printed);
        labels.push(label);
      },
    });
    const empty = stateChange('inc-1', t(0));
    // Act
    groups.add(empty, 'lookout');
    // Assess
    expect(lines).toEqual([formatEntryLine(empty)]);
    expect(labels).toEqual(['lookout']);
  });
});

describe('Function: formatGroupListLine', () => {
  it('names the kind of an entry without a control-plane change once, even when its text starts with it', () => {
    // Prepare
    const update = (text: string) => ({ at: t(0), kind: 'HEALTH_UPDATE', text });
    // Act
    const plain = formatGroupListLine(update('AWS posted: recovering'));
    const said = formatGroupListLine(update('AWS Health update: AWS posted: recovering'));
    // Assess
    expect(plain).toBe('    07:48:12.000 UTC · AWS Health update: AWS posted: recovering');
    expect(said).toBe(plain);
  });
});
