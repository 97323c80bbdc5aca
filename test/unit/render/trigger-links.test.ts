import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../lambda/domain/incident.js';
import { renderRootMessage } from '../../../lambda/domain/render/blocks.js';
import { renderMarkdownExport } from '../../../lambda/domain/render/markdown-export.js';
import { incidentFixture } from '../../support/incidents.js';

const NOW = new Date('2025-10-20T09:53:30.000Z');
const PD = 'https://acme.pagerduty.com/incidents/PGR0VU2';

function triggered(facts: Record<string, string>, over: Partial<Incident> = {}): Incident {
  return incidentFixture({
    targetId: 'trigger:pagerduty:PGR0VU2',
    kind: 'TRIGGERED',
    headlineKind: 'TRIGGERED',
    facts: { sender: 'pagerduty', name: 'checkout-api', ...facts },
    ...over,
  });
}

const rootContext = (incident: Incident): string => {
  const { blocks } = renderRootMessage({ incident, now: NOW, runbook: undefined });
  const last = blocks.at(-1) as { type: string; elements: { text: string }[] };
  expect(last.type).toBe('context');
  return last.elements[0]?.text ?? '';
};

describe('Trigger links (facts.url) on the root message and in the export', () => {
  it("puts the sender's page in the root's context line as a Slack link, before the title", () => {
    const text = rootContext(triggered({ url: PD }, { title: 'x'.repeat(3_000) }));
    expect(text).toContain(`<${PD}|Open in PagerDuty>`);
  });

  it('lists it under Links in the export', () => {
    const md = renderMarkdownExport(triggered({ url: PD }), []);
    expect(md).toContain('## Links');
    expect(md).toContain(`[PagerDuty: checkout-api](<${PD}>)`);
  });

  it('escapes what would end the Slack link early, and percent-encodes what Markdown would read', () => {
    const url = 'https://am.example/graph?g0.expr=up{job="a"}|x&y=<b>';
    const text = rootContext(triggered({ sender: 'alertmanager', url }));
    expect(text).toContain('|Open in Alertmanager>');
    const target = text.slice(text.indexOf('<https://') + 1, text.indexOf('|Open in'));
    expect(target).not.toMatch(/[|<>]/);
    expect(target.replace(/&amp;/g, '')).not.toContain('&');
    expect(target).toContain('&amp;y=');
    expect(renderMarkdownExport(triggered({ url }), [])).toMatch(
      /\]\(<https:\/\/am\.example\/graph\?[^<>\s]*>\)/,
    );
  });

  it.each(['javascript:alert(1)', 'ftp://files.example/x', '/incidents/1', 'not a url'])(
    'never renders %s as a link',
    (url) => {
      expect(rootContext(triggered({ url }))).not.toContain('Open in');
      expect(renderMarkdownExport(triggered({ url }), [])).not.toContain('PagerDuty: checkout-api');
    },
  );
});
