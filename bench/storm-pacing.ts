/** One state change of a channel: when the flow produced it and when its own message reached Slack. */
export interface PacedPost {
  producedAt: number;
  postedAt: number;
}

/**
 * How much later than its channel's own pacing each state change reached Slack, in ms. The pacing bound
 * is a queue that sends only the channel's state changes, in the order they were produced, one per
 * `intervalMs` (Lookout's per-channel pace): the k-th goes at max(its production, the previous one's
 * slot + interval). Anything beyond that bound is delay the storm's other calls (group replies, root and
 * summary edits) or hand-overs between flows caused. A state change sent before its slot counts 0.
 * Returned in the order produced.
 */
export function beyondPacing(posts: readonly PacedPost[], intervalMs: number): number[] {
  const queue = [...posts].sort((a, b) => a.producedAt - b.producedAt);
  let slot = Number.NEGATIVE_INFINITY;
  return queue.map((post) => {
    slot = Math.max(post.producedAt, slot + intervalMs);
    return Math.max(0, post.postedAt - slot);
  });
}
