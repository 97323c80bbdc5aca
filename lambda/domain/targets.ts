import { normalizeDnsName } from './dns-name.js';
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
  /** Set for a name watched from Slack (`/lookout watch`): who added it. Absent for the config's. */
  watchedBy?: string;
}

/**
 * What an incident needs to know about the thing it is about: a probed DNS target, or a Route 53
 * record set (whose type may be any Route 53 type, MX or NS included). Both share the `name/TYPE` id.
 */
export interface IncidentSubject {
  id: string;
  name: string;
  type: string;
  channel?: string;
}

export function targetId(name: string, type: RecordType): string {
  return `${normalizeDnsName(name)}/${type}`;
}

/** Host-name syntax Lookout accepts everywhere (config and CLI): labels of 1–63 characters, 253 in all. */
const DNS_NAME = /^(?=.{1,253}\.?$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_-]{1,63})*\.?$/;

export function isDnsName(name: string): boolean {
  return DNS_NAME.test(name);
}
