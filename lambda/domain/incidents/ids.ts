import { createHash } from 'node:crypto';

function shortHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 8);
}

/**
 * Deterministic: the signal that opens an incident always yields the same id, so two copies of Lookout
 * processing the same observation converge on one incident. Readable in Slack and on the command line.
 */
export function incidentIdFor(targetId: string, observationId: string, at: string): string {
  const stamp = at
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-')
    .slice(0, 15);
  return `inc-${stamp}-${shortHash(targetId, observationId)}`;
}

export function entryIdFor(incidentId: string, kind: string, origin: string): string {
  return `${kind.toLowerCase()}-${shortHash(incidentId, kind, origin)}`;
}
