import type { Severity } from './routing/severity.js';
import type { AlertKind, SignalKind, SignalSource } from './signals.js';

export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';

/** Where the incident's root message lives in Slack, once posted. */
export interface SlackRef {
  channel: string;
  ts: string;
  /**
   * The thread the message itself sits in: a storm's message when the incident's root was placed under
   * it (issue #11). The incident's replies then go to that thread too; absent: the root is top-level.
   */
  thread?: string;
}

/**
 * An incident's own channel, recorded step by step with conditional writes so a crash or a lost answer
 * never creates a second one: the name is written before `conversations.create` is called (`since`), the
 * id once Slack answered (or once the name was found again), then who was invited and when it was archived.
 */
export interface IncidentChannelRef {
  /** The name made for it (routing/channel-name.ts); after `name_taken`, attempt n uses `name-n`. */
  name: string;
  attempt: number;
  /** Start of the latest create whose outcome is unknown until `id` is set. */
  since?: string;
  id?: string;
  /** The configured people and groups were invited (or could not be, said in the log). */
  invited?: boolean;
  archivedAt?: string;
  /** Slack refused to create it for good (the reason): the root stays in the alert channel. */
  failed?: string;
}

/** A channel that gets a link to where the incident is followed; `since` is written before the post. */
export interface ChannelLink {
  channel: string;
  since?: string;
  ts?: string;
  /** Slack refused the link for good (the reason, logged): not tried again. */
  failed?: string;
  /**
   * What the posted link shows (routing/link-message.ts): absent is `open`. Recorded after each edit in
   * place, so a crash between edit and record only repeats the same edit.
   */
  shows?: 'open' | 'resolved' | 'archived';
  /** The id Slack answered for `channel` (which may be a `#name`): chat.update takes ids only. */
  channelId?: string;
}

/** One episode for one target: opened by an alert signal, closed by recovery or a person. */
export interface Incident {
  id: string;
  targetId: string;
  /** The kind that opened it; the runbook is chosen by this. */
  kind: AlertKind;
  /**
   * The kind the headline tells: the most severe problem still active, or, once none is, the last one
   * that was (see headline.ts). Not simply the latest signal: an UNREACHABLE that ended while the record
   * still flaps must not stay the headline.
   */
  headlineKind: AlertKind;
  /** Problems going on now, each raised and ended by its own evidence. Absent on incidents stored before. */
  active?: Problem[];
  /** The problem the headline describes, with when it ended if it has. */
  headline?: Problem & { endedAt?: string };
  /**
   * The most severe condition this incident has had: once none is active, the headline says what the
   * episode was (an outage that came back short is still an outage), not the milder problem or a warning.
   */
  worst?: Problem;
  /** Key of the RECOVERED that auto-resolved it: only that signal, applied again, yields RESOLVED again. */
  resolvedBySignal?: string;
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
  /**
   * How bad it is (routing/severity.ts), decided when it opened. Absent on incidents stored before
   * severities: read them with severityOfIncident (the default of their kind).
   */
  severity?: Severity;
  /** Channel the incident is announced in (its outbox queue; the root's too, unless it has its own channel). */
  channel?: string;
  slack?: SlackRef;
  /** Its own Slack channel (slack.incidentChannels): where the root and thread go once created. */
  incidentChannel?: IncidentChannelRef;
  /** Routed channels told where the incident is followed, each with one link message. */
  links?: ChannelLink[];
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
  /**
   * Set on an incident for a shared cause (resolvers that stopped answering) rather than one target: the
   * targets it left without an answer, updated in place as they join and leave.
   */
  cause?: IncidentCause;
  /** Optimistic-concurrency version: every update is conditional on it. */
  version: number;
}

/** What a cause incident is about and whom it affects. */
export interface IncidentCause {
  /** The resolvers that stopped answering (every resolver asked, when `all`). */
  resolvers: string[];
  /** No resolver answered any target: the machine is offline or its DNS path is gone. */
  all: boolean;
  /** Every target that joined, in joining order; one that answers again (or went its own way) has `left`. */
  affected: AffectedTarget[];
}

export interface AffectedTarget {
  targetId: string;
  /** When it joined (the time of the probe that made it UNREACHABLE). */
  since: string;
  /** When it left: it answers again, or its trouble is its own now (it has its own incident). */
  left?: string;
}

/** One problem of an incident: what raised it, since when, and the facts its sentence is made of. */
export interface Problem {
  kind: AlertKind;
  /** What clients see (`dns-probe`) or what Route 53 holds: each is ended only by its own evidence. */
  family: ProblemFamily;
  /** The exact source of the signal that raised it. */
  source: SignalSource;
  /** When the problem began by its source's clock (first empty probe, the deletion's time). */
  since: string;
  facts: Record<string, string | number | boolean>;
}

/** `legacy`: the one problem of an incident stored before problems were tracked (any recovery ends it). */
export type ProblemFamily = 'dns-probe' | 'route53' | 'aws-health' | 'trigger' | 'legacy';

/**
 * `AFFECTED` is never in a timeline: it is an outbox item that has the Slack root re-rendered (a target
 * joined or left a cause incident) without a reply in the thread.
 */
export type TimelineKind = SignalKind | 'OPENED' | 'ACKNOWLEDGED' | 'RESOLVED' | 'NOTE' | 'AFFECTED';

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
  /**
   * What AWS Health said in this version (service, region, status, title, posted time, ARN), so the root
   * message can show AWS's latest status from the timeline it already reads. Only on Health entries.
   */
  facts?: Record<string, string | number | boolean>;
  /** Control-plane changes (writer, versions, times) when the entry came from Route 53. */
  changes?: import('./route53/control-plane-change.js').ControlPlaneChange[];
  /** The signal's source sequence: orders entries that share `at` (absent: kind rank, then id). */
  seq?: string;
}
