import { type Detector, makeSignal } from './context.js';

/** CHANGED (exact mode only): the value set moved from one non-empty set to another. A timeline entry. */
export const detectChanged: Detector = (ctx) => {
  const { look, prev, target } = ctx;
  if (target.mode !== 'exact' || look.kind !== 'present' || !prev.lastValues?.length) return undefined;
  const before = prev.lastValues;
  if (before.join('\n') === look.values.join('\n')) return undefined;
  const added = look.values.filter((v) => !before.includes(v));
  const removed = before.filter((v) => !look.values.includes(v));
  const parts = [
    added.length ? `added ${added.join(', ')}` : undefined,
    removed.length ? `removed ${removed.join(', ')}` : undefined,
  ].filter(Boolean);
  return makeSignal(ctx, 'CHANGED', `${target.name} ${target.type} changed: ${parts.join('; ')}`, {
    ...(added.length ? { added: added.join(', ') } : {}),
    ...(removed.length ? { removed: removed.join(', ') } : {}),
    before: before.join(', '),
    after: look.values.join(', '),
  });
};
