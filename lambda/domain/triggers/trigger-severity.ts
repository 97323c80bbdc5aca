import { SEVERITIES, type Severity } from '../routing/severity.js';

/**
 * Lookout's severities (routing's scale), most severe first. A trigger's severity is the sender's word
 * mapped onto it, carried as `facts.severity`, so routing and incident channels treat a page like any
 * alert.
 */
export const TRIGGER_SEVERITIES = SEVERITIES;
export type TriggerSeverity = Severity;

/**
 * The words senders use, lower-case: Prometheus `severity` labels, PagerDuty urgencies and the default
 * priority names (P1–P5). Config `triggers.severity` adds to and overrides these.
 */
export const DEFAULT_SEVERITY_MAP: Readonly<Record<string, TriggerSeverity>> = {
  critical: 'critical',
  page: 'critical',
  p1: 'critical',
  high: 'high',
  error: 'high',
  p2: 'high',
  warning: 'medium',
  medium: 'medium',
  p3: 'medium',
  low: 'low',
  info: 'low',
  p4: 'low',
  p5: 'low',
};

export interface SeveritySettings {
  /** Sender's word (any case) → Lookout severity; merged over DEFAULT_SEVERITY_MAP. */
  map: Readonly<Record<string, TriggerSeverity>>;
  /** For a trigger with no severity or a word neither map knows. */
  fallback: TriggerSeverity;
}

/** @example triggerSeverity('P1', { map: {}, fallback: 'high' }) // 'critical' */
export function triggerSeverity(word: string | undefined, settings: SeveritySettings): TriggerSeverity {
  if (word === undefined) return settings.fallback;
  const key = word.trim().toLowerCase();
  const configured = Object.entries(settings.map).find(([k]) => k.toLowerCase() === key)?.[1];
  return configured ?? DEFAULT_SEVERITY_MAP[key] ?? settings.fallback;
}
