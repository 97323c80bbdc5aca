import { describe, expect, it } from 'vitest';
import { ReplayPrinter } from '../../../demo/replay-printer.js';
import type { TimelineEntry } from '../../../lambda/domain/incident.js';
import { recordChange, t } from '../calm/fixtures.js';

/** A printer over a string, on a clock the test sets. */
function rig() {
  let text = '';
  const clock = Date.parse(t(0));
  const out = { write: (s: string) => (text += s) } as unknown as NodeJS.WritableStream;
  const printer = new ReplayPrinter({
    out,
    deliver: async () => {},
    round: () => 1,
    color: false,
    timeZone: undefined,
    now: () => clock,
  });
  return { printer, lines: () => text.split('\n').filter(Boolean) };
}

describe('Class: ReplayPrinter (lookout demo)', () => {
  it('prints the racing writers’ record changes as one group line before the state change that follows', async () => {
    // Prepare
    const r = rig();
    const stale: TimelineEntry = {
      incidentId: 'inc-1',
      entryId: 'stale',
      at: t(900),
      kind: 'STALE_OVERWRITE',
      source: 'cloudtrail',
      text: 'enactor-3 wrote back version 5',
    };
    // Act
    for (let i = 0; i < 8; i++)
      await r.printer.print([recordChange(i + 1, t(i * 100), `enactor-${(i % 3) + 1}`)]);
    const held = r.lines().length;
    await r.printer.print([stale]);
    // Assess: nothing while held; then one sentence, its newest lines, the rest counted, the state change.
    expect(held).toBe(0);
    const lines = r.lines();
    expect(lines[0]).toBe(
      '  lookout  2025-10-20 07:48:12 UTC  RECORD_CHANGED  8 record changes by enactor-1, enactor-2, enactor-3 in 0.7 s  · incident inc-1',
    );
    expect(lines[1]).toMatch(/^ {15}07:48:12\.300 UTC · enactor-1 · UPSERT/);
    expect(lines[6]).toBe('               … and 3 more: lookout show inc-1');
    expect(lines[7]).toMatch(/^ {2}lookout {2}2025-10-20 07:48:12 UTC {2}STALE_OVERWRITE/);
  });

  it('prints what it still holds when the replay is over', async () => {
    // Prepare
    const r = rig();
    await r.printer.print([recordChange(1, t(0), 'enactor-1')], 'lookout');
    // Act
    r.printer.flush();
    // Assess: a group of one is the entry's own line.
    expect(r.lines()).toHaveLength(1);
    expect(r.lines()[0]).toMatch(
      /^ {2}lookout {2}2025-10-20 07:48:12 UTC {2}RECORD_CHANGED {2}enactor-1 UPSERT/,
    );
  });
});
