import { describe, expect, it } from 'vitest';
import { describeLook } from '../../../bin/support/terminal.js';
import type { TimelineEntry } from '../../../lambda/domain/incident.js';
import { observationId, type ResolverOutcome } from '../../../lambda/domain/observation.js';
import { renderRootMessage } from '../../../lambda/domain/render/blocks.js';
import { outcomeSummary } from '../../../lambda/domain/render/describe.js';
import { formatEntryLine } from '../../../lambda/domain/render/text.js';
import { incidentFixture } from '../../support/incidents.js';

const refused: ResolverOutcome = {
  resolver: '127.0.0.1:1',
  kind: 'UNREACHABLE',
  values: [],
  latencyMs: 2,
  detail: 'connection refused by 127.0.0.1:1 (ECONNREFUSED: nothing listens on that port)',
};
const unresolvable: ResolverOutcome = {
  resolver: 'dns.example.invalid:53',
  kind: 'UNREACHABLE',
  values: [],
  latencyMs: 1,
  detail: 'cannot resolve resolver host dns.example.invalid: no such name (ENOTFOUND)',
};

describe('Rendering: a resolver that could not be reached', () => {
  it('names the reason, not TIMEOUT, in the one-line summary', () => {
    expect(outcomeSummary(refused)).toBe(
      'UNREACHABLE — connection refused by 127.0.0.1:1 (ECONNREFUSED: nothing listens on that port) · 2 ms',
    );
    expect(outcomeSummary({ ...refused, detail: undefined })).toBe(
      'UNREACHABLE — the resolver could not be reached · 2 ms',
    );
  });

  it('shows the reason on the terminal, in the look line and on the timeline line', () => {
    const observedAt = '2026-01-02T03:04:05.000Z';
    const outcomes = [refused, unresolvable];
    const look = describeLook({
      id: observationId('api.example.test/A', 'dns-probe', observedAt, outcomes),
      targetId: 'api.example.test/A',
      source: 'dns-probe',
      observedAt,
      outcomes,
    });
    const entry: TimelineEntry = {
      incidentId: 'inc-1',
      entryId: 'e-1',
      at: observedAt,
      kind: 'UNREACHABLE',
      source: 'dns-probe',
      text: 'api.example.test A is UNREACHABLE',
      evidence: outcomes,
    };

    expect(look).toBe(
      'unreachable: 127.0.0.1:1 UNREACHABLE (connection refused by 127.0.0.1:1 (ECONNREFUSED: nothing listens on that port)); ' +
        'dns.example.invalid:53 UNREACHABLE (cannot resolve resolver host dns.example.invalid: no such name (ENOTFOUND))',
    );
    expect(formatEntryLine(entry, 'api.example.test/A')).toContain(
      '127.0.0.1:1 UNREACHABLE — connection refused by 127.0.0.1:1',
    );
    expect(look).not.toContain('TIMEOUT');
  });

  it('shows the reason in Slack and never calls it an empty record', () => {
    const message = renderRootMessage({
      incident: incidentFixture({ kind: 'UNREACHABLE', headlineKind: 'UNREACHABLE' }),
      evidence: [refused, unresolvable],
      now: new Date('2026-01-02T03:05:00.000Z'),
    });
    const text = JSON.stringify(message.blocks);

    expect(text).toContain('`127.0.0.1:1` → UNREACHABLE — connection refused by 127.0.0.1:1');
    expect(text).toContain('cannot resolve resolver host dns.example.invalid');
    expect(text).toContain('this is NOT evidence the record is empty');
    expect(text).not.toContain('TIMEOUT');
  });
});
