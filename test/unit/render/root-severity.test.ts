import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../lambda/config/config-schema.js';
import { renderRootMessage } from '../../../lambda/domain/render/blocks.js';
import { renderMarkdownExport } from '../../../lambda/domain/render/markdown-export.js';
import { formatIncidentSummary } from '../../../lambda/domain/render/text.js';
import { routeIncident } from '../../../lambda/domain/routing/route-incident.js';
import { incidentFixture } from '../../support/incidents.js';

/**
 * The severity an incident opened with (routing/severity.ts, slack.severity) is said where people
 * look first: the root's context line, `lookout show`'s summary and the Markdown export's summary.
 */

const NOW = new Date('2025-10-20T09:53:30.000Z');
const signal = { kind: 'DEGRADED' as const, at: '2025-10-20T09:50:00.000Z', source: 'dns-probe', facts: {} };
const target = { name: 'api.example.test' };

function severityFor(slack: Record<string, unknown>) {
  const config = configSchema.parse({ targets: [{ name: 'api.example.test' }], slack });
  return routeIncident({ signal, target, routing: config.slack, fallback: '#alerts' }).severity;
}

const contextLine = (blocks: unknown[]) => JSON.stringify(blocks.at(-1));

describe('Function: renderRootMessage (severity)', () => {
  it('says the severity slack.severity configured for the incident', () => {
    // Prepare: DEGRADED is medium by default; the config makes it high.
    const severity = severityFor({ severity: { kinds: { DEGRADED: 'high' } } });
    const incident = incidentFixture({ kind: 'DEGRADED', headlineKind: 'DEGRADED', severity });

    // Act
    const { blocks } = renderRootMessage({ incident, now: NOW });

    // Assess
    expect(severity).toBe('high');
    expect(contextLine(blocks)).toContain('Severity: high');
  });

  it('without slack.severity says the default severity of the kind', () => {
    const severity = severityFor({});
    const incident = incidentFixture({ kind: 'DEGRADED', headlineKind: 'DEGRADED', severity });
    expect(severity).toBe('medium');
    expect(contextLine(renderRootMessage({ incident, now: NOW }).blocks)).toContain('Severity: medium');
  });

  it('says the default of its kind for an incident stored before severities were recorded', () => {
    const { severity: _none, ...incident } = incidentFixture({ kind: 'EMPTY', headlineKind: 'EMPTY' });
    expect(contextLine(renderRootMessage({ incident, now: NOW }).blocks)).toContain('Severity: critical');
  });
});

describe('Function: renderMarkdownExport and formatIncidentSummary (severity)', () => {
  it('list the severity in the summary', () => {
    const incident = incidentFixture({ kind: 'DEGRADED', headlineKind: 'DEGRADED', severity: 'high' });
    expect(renderMarkdownExport(incident, [])).toContain('- **Severity:** high');
    expect(formatIncidentSummary(incident, NOW)).toContain('severity high');
  });
});
