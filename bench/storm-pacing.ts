/** One state change of a channel: when the flow produced it and when its own message reached Slack. */
export interface PacedPost {
  producedAt: number;
  postedAt: number;
  /**
   * Its incident had routine entries produced since its previous state change: the thread shows them
   * first (one group reply, one call), so that call is part of this state change's own pacing.
   */
  afterOwnRoutine?: boolean;
}

/**
 * How much later than its channel's own pacing each state change reached Slack, in ms. The pacing bound
 * is a queue that sends only the channel's state changes (each preceded by its own thread's group
 * reply when routine entries of its incident came since its previous state change), in the order they
 * were produced, one call per `intervalMs` (Lookout's per-channel pace): the k-th goes at max(its
 * production, the previous one's slot + interval), one interval later when its group reply goes first.
 * Anything beyond that bound is delay the storm's other calls (other threads' routine replies, root and
 * summary edits) or hand-overs between flows caused. A state change sent before its slot counts 0.
 * Returned in the order produced.
 */
export function beyondPacing(posts: readonly PacedPost[], intervalMs: number): number[] {
  const queue = [...posts].sort((a, b) => a.producedAt - b.producedAt);
  let slot = Number.NEGATIVE_INFINITY;
  return queue.map((post) => {
    slot = Math.max(post.producedAt, slot + intervalMs) + (post.afterOwnRoutine ? intervalMs : 0);
    return Math.max(0, post.postedAt - slot);
  });
}
