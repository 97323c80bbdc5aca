/**
 * An array that tells `listeners` of every item pushed onto it. The emulator's method handlers record by
 * pushing onto the state's arrays; announcing there reaches everything they record without each handler
 * knowing who listens (`lookout emulate` prints ephemerals, response-URL answers and modals this way).
 */
export function announcedList<T>(listeners: ReadonlySet<(item: T) => void>): T[] {
  const list: T[] = [];
  // Non-enumerable, like Array.prototype.push: equality checks and JSON see a plain array.
  Object.defineProperty(list, 'push', {
    value: (...items: T[]): number => {
      const length = Array.prototype.push.apply(list, items);
      for (const item of items) for (const listener of listeners) listener(item);
      return length;
    },
  });
  return list;
}
