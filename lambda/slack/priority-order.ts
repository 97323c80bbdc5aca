import type { OutboxItem } from '../store/ports.js';

/**
 * A channel's items in the order they are sent: when Slack must be waited for, roots and state changes
 * of every incident go before routine entries, while each incident's own items keep their order (a
 * thread reads as its timeline). Stable: ties keep the outbox order.
 */
export function inPriorityOrder(
  items: readonly OutboxItem[],
  routine: (item: OutboxItem) => boolean,
): OutboxItem[] {
  const queues = new Map<string, OutboxItem[]>();
  for (const item of items) {
    const queue = queues.get(item.incidentId);
    if (queue) queue.push(item);
    else queues.set(item.incidentId, [item]);
  }
  const ordered: OutboxItem[] = [];
  const position = new Map(items.map((item, i) => [item, i]));
  while (ordered.length < items.length) {
    // The earliest head that is a state change; if every head is routine, the earliest head.
    let best: OutboxItem[] | undefined;
    for (const queue of queues.values()) {
      const head = queue[0];
      if (!head) continue;
      const current = best?.[0];
      const better =
        !current ||
        (!routine(head) && routine(current)) ||
        (routine(head) === routine(current) && (position.get(head) ?? 0) < (position.get(current) ?? 0));
      if (better) best = queue;
    }
    ordered.push((best as OutboxItem[]).shift() as OutboxItem);
  }
  return ordered;
}
