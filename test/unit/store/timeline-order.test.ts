import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../lambda/domain/incident.js';
import { sourceSequence } from '../../../lambda/domain/timeline-sequence.js';
import { timelineOrder } from '../../../lambda/store/table.js';

const AT = '2025-10-20T06:48:05.000Z';
const entry = (id: string, kind: TimelineEntry['kind'], seq?: number[]) => ({
  at: AT,
  kind,
  entryId: id,
  ...(seq ? { seq: sourceSequence(...seq) } : {}),
});

describe('Function: timelineOrder', () => {
  it('sorts sequenced entries of one instant as their sequences sort as numbers', () => {
    const part = fc.integer({ min: 0, max: 9_999_999_999 });
    const key = (seq: [number, number]) => timelineOrder(entry('x', 'RECORD_CHANGED', seq));
    fc.assert(
      fc.property(fc.tuple(part, part), fc.tuple(part, part), (a, b) => {
        const byNumbers = Math.sign(a[0] - b[0] || a[1] - b[1]);
        const byText = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
        return byNumbers === byText;
      }),
    );
  });

  it('puts the sequenced entries of one instant before the rest, even an OPENED', () => {
    const change = timelineOrder(entry('z', 'RECORD_CHANGED', [9, 0]));
    const opened = timelineOrder(entry('a', 'OPENED'));
    expect(change < opened).toBe(true);
  });

  it('keeps the key an entry without a sequence always had: <at>#<rank>#<id>', () => {
    expect(timelineOrder(entry('a', 'OPENED'))).toBe(`${AT}#0#a`);
    expect(timelineOrder(entry('b', 'NOTE'))).toBe(`${AT}#1#b`);
    expect(timelineOrder(entry('c', 'RESOLVED'))).toBe(`${AT}#2#c`);
  });
});

describe('Function: sourceSequence', () => {
  it('refuses a part it cannot sort as text', () => {
    expect(() => sourceSequence(-1)).toThrow(RangeError);
    expect(() => sourceSequence(1e10)).toThrow(RangeError);
    expect(() => sourceSequence(1.5)).toThrow(RangeError);
  });
});
