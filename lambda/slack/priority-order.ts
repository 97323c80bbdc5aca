import type { OutboxItem } from '../store/ports.js';

/**
 * A channel's items in the order they are sent: when Slack must be waited for, roots and state changes
 * of every incident go before routine entries, while each incident's own items keep their order (a
 * thread reads as its timeline, by `seq`, whatever order they were listed in).
 */
export function inPriorityOrder(
  items: readonly OutboxItem[],
  routine: (item: OutboxItem) => boolean,
): OutboxItem[] {
  // By timeline order, not by place in the list: the outbox lists state changes before routine items.
  const inOrder = [...items].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  const queues = new Map<string, OutboxItem[]>();
  for (const item of inOrder) {
    const queue = queues.get(item.incidentId);
    if (queue) queue.push(item);
    else queues.set(item.incidentId, [item]);
  }
  const ordered: OutboxItem[] = [];
  const position = new Map(inOrder.map((item, i) => [item, i]));
  const pos = (item: OutboxItem) => position.get(item) ?? 0;
  /**
   * Which queue goes next, lowest first: a state change at its head (by its time); then a state change
   * behind routine items of its own thread, which go first so it can (by the state change's time, not
   * behind every other thread's routine backlog); then routine alone (by the head's time).
   */
  const rank = (queue: readonly OutboxItem[]): [number, number] => {
    const head = queue[0] as OutboxItem;
    if (!routine(head)) return [0, pos(head)];
    const urgent = queue.find((item) => !routine(item));
    return urgent ? [1, pos(urgent)] : [2, pos(head)];
  };
  while (ordered.length < items.length) {
    let best: OutboxItem[] | undefined;
    let bestRank: [number, number] | undefined;
    for (const queue of queues.values()) {
      if (!queue.length) continue;
      const r = rank(queue);
      if (!bestRank || r[0] < bestRank[0] || (r[0] === bestRank[0] && r[1] < bestRank[1])) {
        best = queue;
        bestRank = r;
      }
    }
    ordered.push((best as OutboxItem[]).shift() as OutboxItem);
  }
  return ordered;
}
