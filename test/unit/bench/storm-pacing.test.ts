import { describe, expect, it } from 'vitest';
import { beyondPacing } from '../../../bench/storm-pacing.js';

// The storm benchmark's measure of "a storm never delays a state change by more than the pacing of its
// own channel": a wrong bound would report a storm's damage as pacing, or pacing as damage.
describe('Function: beyondPacing', () => {
  it('counts nothing beyond pacing when state changes go one per interval in the order produced', () => {
    // Prepare: five produced at once, posted 1 s apart
    const posts = [0, 1, 2, 3, 4].map((k) => ({ producedAt: 1_000, postedAt: 1_000 + k * 1_000 }));

    // Act
    const beyond = beyondPacing(posts, 1_000);

    // Assess
    expect(beyond).toEqual([0, 0, 0, 0, 0]);
  });

  it('counts the calls spent on something else between two state changes', () => {
    // Prepare: the second waited behind three other calls (3 s)
    const posts = [
      { producedAt: 0, postedAt: 0 },
      { producedAt: 0, postedAt: 4_000 },
    ];

    // Act
    const beyond = beyondPacing(posts, 1_000);

    // Assess
    expect(beyond).toEqual([0, 3_000]);
  });

  it('starts a state change produced into an idle channel at its own production time', () => {
    // Prepare: the channel was idle for a minute before the second
    const posts = [
      { producedAt: 0, postedAt: 0 },
      { producedAt: 60_000, postedAt: 62_500 },
    ];

    // Act
    const beyond = beyondPacing(posts, 1_000);

    // Assess
    expect(beyond).toEqual([0, 2_500]);
  });

  it('bounds by production order whatever order the input lists them in, and never counts below 0', () => {
    // Prepare: listed out of order; the later-produced one went first
    const posts = [
      { producedAt: 500, postedAt: 500 },
      { producedAt: 0, postedAt: 1_500 },
    ];

    // Act
    const beyond = beyondPacing(posts, 1_000);

    // Assess: the earlier-produced one's slot was 0 (1.5 s late); the other's slot 1 s (went early: 0)
    expect(beyond).toEqual([1_500, 0]);
  });

  it('counts the group reply its own thread shows first as part of its pacing, not as storm damage', async () => {
    // Prepare: the second state change's incident had record changes since its last state change
    const posts = [
      { producedAt: 0, postedAt: 0 },
      { producedAt: 0, postedAt: 2_000, afterOwnRoutine: true },
      { producedAt: 0, postedAt: 4_000 },
    ];

    // Act
    const beyond = beyondPacing(posts, 1_000);

    // Assess: the second's slot is 2 s (its group reply at 1 s); the third's 3 s, so it is 1 s late
    expect(beyond).toEqual([0, 0, 1_000]);
  });

  it('bounds by Lookout’s order among the waiting (the source’s own time), not by production alone', () => {
    // Prepare: A produced first but stamped later by its source; B produced a moment later, stamped earlier
    const a = { producedAt: 0, postedAt: 1_000, order: '2025-10-20T07:05:00Z' };
    const b = { producedAt: 0, postedAt: 0, order: '2025-10-20T07:01:00Z' };
    const late = { producedAt: 0, postedAt: 5_000, order: '2025-10-20T07:09:00Z' };

    // Act
    const beyond = beyondPacing([a, b, late], 1_000);

    // Assess: B's turn 0, A's 1 s, the last 2 s: only the last waited beyond pacing (3 s)
    expect(beyond).toEqual([0, 0, 3_000]);
  });
});
