import type { AlertKind, SignalKind } from './signals.js';

export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';

/** Where the incident's root message lives in Slack, once posted. */
export interface SlackRef {
  channel: string;
  ts: string;
}

/** One episode for one target: opened by an alert signal, closed by recovery or a person. */
export interface Incident {
  id: string;
  targetId: string;
  /** The kind that opened it; the runbook is chosen by this. */
  kind: AlertKind;
  /** The most recent alert kind seen (an EMPTY incident may turn FLAPPING). */
  latestKind: AlertKind;
  status: IncidentStatus;
  title: string;
  openedAt: string;
  updatedAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  resolutionNote?: string;
  /** Facts from the opening signal, for runbook templating and the root message. */
  facts: Record<string, string | number | boolean>;
  /** Channel the incident is announced in. */
  channel?: string;
  slack?: SlackRef;
  /**
   * Keys of the signals already applied (newest last, bounded), so a signal delivered again after a
   * crash or a retry is recognised and changes nothing.
   */
  appliedSignals: string[];
  /** Key of the signal that opened it: re-applying that signal yields the OPENED entry again. */
  openedBy: string;
  /**
   * Entries of a person's change (ack, resolve) saved in the same conditional write as the change, so a
   * crash before they reach the timeline and the outbox loses nothing: whoever reads the incident next
   * writes them (idempotently). Dropped by the next change.
   */
  pendingEntries?: TimelineEntry[];
  /** Optimistic-concurrency version: every update is conditional on it. */
  version: number;
}

export type TimelineKind = SignalKind | 'OPENED' | 'ACKNOWLEDGED' | 'RESOLVED' | 'NOTE';

export interface TimelineEntry {
  incidentId: string;
  /** Deterministic, so writing the same entry twice writes it once. */
  entryId: string;
  at: string;
  kind: TimelineKind;
  /** `dns-probe`, `cli:<user>`, `slack:<user>`, ... */
  source: string;
  text: string;
  /** Per-resolver outcomes when the entry came from an observation. */
  evidence?: import('./observation.js').ResolverOutcome[];
  /** Control-plane changes (writer, versions, times) when the entry came from Route 53. */
  changes?: import('./route53/control-plane-change.js').ControlPlaneChange[];
  /** The signal's source sequence: orders entries that share `at` (absent: kind rank, then id). */
  seq?: string;
}
