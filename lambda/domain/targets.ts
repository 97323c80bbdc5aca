import type { RecordType } from './observation.js';

/**
 * `exact`: your own records — the value set matters, a change is a timeline entry.
 * `pool`: rotating endpoints (AWS service names) — each answer is a different subset, only presence
 * and count matter.
 */
export type ComparisonMode = 'exact' | 'pool';

export interface Target {
  /** `name/TYPE`, lower-case name without the trailing dot. */
  id: string;
  name: string;
  type: RecordType;
  mode: ComparisonMode;
  /** `host:port` resolvers to ask; each is one vote. */
  resolvers: string[];
  /** Declared baseline answer count; learned from history when absent. */
  baselineCount?: number;
  /** Slack channel for this target's incidents (overrides the default). */
  channel?: string;
}

export function targetId(name: string, type: RecordType): string {
  return `${name.toLowerCase().replace(/\.$/, '')}/${type}`;
}
