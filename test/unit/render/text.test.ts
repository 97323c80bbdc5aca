import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../../../lambda/domain/incident.js';
import { formatEntryLine, formatIncidentSummary } from '../../../lambda/domain/render/text.js';
import { incidentFixture } from '../../support/incidents.js';

const entry: TimelineEntry = {
  incidentId: 'inc-1',
  entryId: 'e-1',
  at: '2025-10-20T06:48:00.000Z',
  kind: 'EMPTY',
  source: 'dns-probe',
  text: 'No A records for dynamodb.us-east-1.amazonaws.com',
  evidence: [
    { resolver: '10.0.0.2:53', kind: 'NODATA', values: [], rcode: 'NOERROR', negativeTtl: 60, latencyMs: 3 },
  ],
};

const incident: Incident = incidentFixture({
  status: 'acknowledged',
  acknowledgedBy: 'alice',
  title: 't',
  version: 2,
});

describe('Function: formatEntryLine', () => {
  it('puts time, target, kind, text and evidence on one line without colour by default', () => {
    const line = formatEntryLine(entry, 'dynamodb.us-east-1.amazonaws.com/A');
    expect(line).toBe(
      '2025-10-20 06:48:00 UTC  dynamodb.us-east-1.amazonaws.com/A  EMPTY         No A records for dynamodb.us-east-1.amazonaws.com' +
        '  [10.0.0.2:53 NODATA (NOERROR) — (no records) · negative TTL 60 s · 3 ms]',
    );
    expect(line).not.toContain('\u001b[');
  });

  it('colours only when asked, and strips control characters from DNS data', () => {
    const coloured = formatEntryLine({ ...entry, text: 'evil\u001b[2Jtext\nnext' }, undefined, {
      color: true,
    });
    expect(coloured).toContain('\u001b[31mEMPTY');
    expect(coloured).not.toContain('\u001b[2J');
    expect(coloured).not.toContain('\n');
  });
});

describe('Function: formatIncidentSummary', () => {
  it('sums up status, plain-words cause, duration, evidence and id', () => {
    const text = formatIncidentSummary(incident, new Date('2025-10-20T07:00:30.000Z'), entry.evidence);
    expect(text.split('\n')).toEqual([
      '[ACKNOWLEDGED] EMPTY dynamodb.us-east-1.amazonaws.com/A',
      '  dynamodb.us-east-1.amazonaws.com exists but has no A records (NODATA): resolvers answer NOERROR with an empty answer. Clients cannot connect.',
      '  since 2025-10-20 06:48:00 UTC (12 min 30 s) · acknowledged by alice',
      '    10.0.0.2:53 → NODATA (NOERROR) — (no records) · negative TTL 60 s · 3 ms',
      '  incident inc-1 · severity critical',
    ]);
  });
});
