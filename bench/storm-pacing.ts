/** One state change of a channel: when the flow produced it and when its own message reached Slack. */
export interface PacedPost {
  producedAt: number;
  postedAt: number;
  /**
   * Where Lookout puts it among the channel's state changes (its outbox `seq`: the source's own time,
   * then its sequence); absent: by production time.
   */
  order?: string;
  /**
   * Its incident had routine entries produced since its previous state change: the thread shows them
   * first (one group reply, one call), so that call is part of this state change's own pacing.
   */
  afterOwnRoutine?: boolean;
}

/**
 * How much later than its channel's own pacing each state change reached Slack, in ms. The pacing bound
 * is a channel that sends nothing but its state changes, one call per `intervalMs` (Lookout's pace per
 * channel), each as soon as it is produced and its turn comes, in Lookout's order among those waiting
 * (`order`: the source's own time — an AWS Health version stamped minutes ahead by AWS waits behind DNS
 * changes stamped earlier, as the outbox sends them), one interval later when its own thread's group
 * reply goes first (`afterOwnRoutine`). Anything beyond that bound is delay the storm's other calls
 * (other threads' routine replies, root and summary edits) or hand-overs between flows caused. A state
 * change sent before its slot counts 0. Returned in the order produced.
 */
export function beyondPacing(posts: readonly PacedPost[], intervalMs: number): number[] {
  const slots = pacingSlots(posts, intervalMs);
  const produced = [...posts].sort((a, b) => a.producedAt - b.producedAt);
  return produced.map((post) => Math.max(0, post.postedAt - (slots.get(post) as number)));
}

/** Each state change's turn in the pacing bound of `beyondPacing` (epoch ms). */
export function pacingSlots(posts: readonly PacedPost[], intervalMs: number): Map<PacedPost, number> {
  const produced = [...posts].sort((a, b) => a.producedAt - b.producedAt);
  const before = (a: PacedPost, b: PacedPost) =>
    a.order !== undefined && b.order !== undefined && a.order !== b.order
      ? a.order < b.order
      : a.producedAt < b.producedAt;
  const slots = new Map<PacedPost, number>();
  const waiting: PacedPost[] = [];
  let next = 0;
  let last = Number.NEGATIVE_INFINITY;
  while (slots.size < produced.length) {
    const first = produced[next];
    let turn = last + intervalMs;
    if (!waiting.length && first) turn = Math.max(turn, first.producedAt);
    for (let p = produced[next]; p && p.producedAt <= turn; p = produced[++next]) waiting.push(p);
    // The first in Lookout's order among those produced by this turn.
    let pick = 0;
    for (let i = 1; i < waiting.length; i++)
      if (before(waiting[i] as PacedPost, waiting[pick] as PacedPost)) pick = i;
    const [post] = waiting.splice(pick, 1) as [PacedPost];
    last = turn + (post.afterOwnRoutine ? intervalMs : 0);
    slots.set(post, last);
  }
  return slots;
}
