import type { StormSettings } from './storm.js';

/** How calm Lookout keeps a channel: grouping, pacing of root edits, storm detection. */
export interface CalmSettings {
  /** Routine entries of one incident within this long of a group's opening join that group. */
  groupWindowMs: number;
  /** An incident's root message is edited at most once per this long (the last state always). */
  rootEditMs: number;
  storm: StormSettings;
}

export const CALM_DEFAULTS = {
  groupWindowMs: 10_000,
  rootEditMs: 5_000,
  storm: { threshold: 5, windowMs: 60_000, quietMs: 60_000 },
} as const satisfies CalmSettings;
