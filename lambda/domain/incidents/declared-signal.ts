import type { Severity } from '../routing/severity.js';
import type { Signal } from '../signals.js';
import type { IncidentSubject } from '../targets.js';

/** What a person filled in to declare an incident by hand (`/lookout declare`). */
export interface Declaration {
  title: string;
  severity: Severity;
  /** The name or service the person says is affected, as typed (empty: none named). */
  affected?: string | undefined;
  /** The channel chosen for it: its root and thread go there. */
  channel?: string | undefined;
  /** Who declared it, as the timeline names people (`slack:U0ALICE (@alice)`). */
  by: string;
  at: string;
  /**
   * What makes this declaration itself, the same however often it arrives (Slack's view id of the
   * modal it was submitted from): the incident id is derived from it, so submitting it twice opens one.
   */
  origin: string;
}

/**
 * A declared incident's subject: its own episode (`declared:<origin>`), never a DNS target id, so
 * declaring an incident about a watched name opens a new incident beside the one the probe opened.
 */
export function declaredSubject(declaration: Declaration): IncidentSubject {
  return {
    id: `declared:${declaration.origin}`,
    name: declaration.title,
    // Where a DNS target has its record type: the incident's title reads `DECLARED: <title> (<severity>)`.
    type: `(${declaration.severity})`,
    ...(declaration.channel ? { channel: declaration.channel } : {}),
  };
}

/**
 * The DECLARED signal, a trigger by a person: it opens an incident through the same writer as every
 * other signal (claim, conditional create, timeline, outbox). Its facts are only what the person gave.
 */
export function declaredSignal(declaration: Declaration): Signal & { kind: 'DECLARED' } {
  const affected = declaration.affected?.trim();
  return {
    kind: 'DECLARED',
    targetId: declaredSubject(declaration).id,
    at: declaration.at,
    observationId: `declared:${declaration.origin}`,
    summary: `Declared by ${declaration.by}: ${declaration.title}${affected ? ` (affects ${affected})` : ''}`,
    evidence: [],
    source: 'trigger',
    facts: {
      title: declaration.title,
      name: declaration.title,
      severity: declaration.severity,
      declaredBy: declaration.by,
      ...(affected ? { affected } : {}),
    },
  };
}
