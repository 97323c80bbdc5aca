import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../../../lambda/domain/incident.js';
import { escapeMarkdown, markdownLink } from '../../../lambda/domain/render/markdown-escape.js';
import { RUNBOOK_STEP_FACT, renderMarkdownExport } from '../../../lambda/domain/render/markdown-export.js';
import { incidentFixture } from '../../support/incidents.js';
import { outcome } from '../../support/observations.js';
import { change } from '../../support/route53-changes.js';

/**
 * The post-mortem export of an EMPTY incident that Route 53 (a CloudTrail deletion) and AWS Health
 * (a DynamoDB event) also told: structure asserted section by section, then escaping of outside text.
 */

const ARN =
  'arn:aws:health:us-east-1::event/DYNAMODB/AWS_DYNAMODB_OPERATIONAL_ISSUE/AWS_DYNAMODB_OPERATIONAL_ISSUE_ABC';
const ID = 'inc-7';

const problem = {
  kind: 'EMPTY' as const,
  family: 'dns-probe' as const,
  source: 'dns-probe' as const,
  since: '2025-10-20T06:48:10.000Z',
  facts: { rcodes: 'NODATA', emptyVotes: 3, usable: 3, since: '2025-10-20T06:48:10.000Z' },
};

function emptyIncident(over: Partial<Incident> = {}): Incident {
  return incidentFixture({
    id: ID,
    openedAt: '2025-10-20T06:48:20.000Z',
    headline: { ...problem, endedAt: '2025-10-20T09:25:00.000Z' },
    worst: problem,
    active: [],
    status: 'resolved',
    resolvedAt: '2025-10-20T09:25:00.000Z',
    resolvedBy: 'lookout (auto-resolve)',
    resolutionNote: 'recovered',
    acknowledgedAt: '2025-10-20T06:52:00.000Z',
    acknowledgedBy: 'slack:U0ALICE (@alice)',
    facts: problem.facts,
    ...over,
  });
}

const empty = ['10.0.0.1:53', '10.0.0.2:53', '10.0.0.3:53'].map((r) => outcome(r, 'NODATA'));
const entry = (
  over: Partial<TimelineEntry> & Pick<TimelineEntry, 'at' | 'kind' | 'source'>,
): TimelineEntry => ({
  incidentId: ID,
  entryId: `${over.kind}-${over.at}`,
  text: '',
  ...over,
});

const timeline: TimelineEntry[] = [
  entry({
    at: '2025-10-20T06:48:03.000Z',
    kind: 'RECORD_DELETED',
    source: 'cloudtrail',
    text: 'enactor-2 (dns-enactor) deleted the A record set of dynamodb.us-east-1.amazonaws.com',
    changes: [change('enactor-2', 'DELETE', ['10.1.1.1'], 3, { changeId: 'C0DELETE' })],
  }),
  entry({
    at: '2025-10-20T06:48:20.000Z',
    kind: 'OPENED',
    source: 'dns-probe',
    text: 'dynamodb.us-east-1.amazonaws.com has no A records (NODATA)',
    evidence: empty,
  }),
  entry({
    at: '2025-10-20T06:51:00.000Z',
    kind: 'HEALTH_EVENT',
    source: 'aws-health',
    text: 'AWS Health: increased error rates for DynamoDB in us-east-1',
    facts: {
      eventArn: ARN,
      service: 'DYNAMODB',
      region: 'us-east-1',
      status: 'open',
      title: 'Increased error rates',
    },
  }),
  entry({
    at: '2025-10-20T06:52:00.000Z',
    kind: 'ACKNOWLEDGED',
    source: 'slack:U0ALICE (@alice)',
    text: 'Acknowledged by slack:U0ALICE (@alice)',
  }),
  entry({
    at: '2025-10-20T07:10:00.000Z',
    kind: 'NOTE',
    source: 'cli:bob',
    text: 'restoring from backup plan',
  }),
  entry({
    at: '2025-10-20T09:25:00.000Z',
    kind: 'RESOLVED',
    source: 'lookout (auto-resolve)',
    text: 'Resolved by lookout (auto-resolve): recovered',
  }),
];

/** The section of `markdown` under `## heading`, up to the next `## `. */
function section(markdown: string, heading: string): string | undefined {
  const parts = markdown.split(/^## /m);
  const found = parts.find((p) => p.startsWith(`${heading}\n`));
  return found?.slice(heading.length + 1).trim();
}

const headings = (markdown: string) =>
  [...markdown.matchAll(/^(#{1,6}) (.*)$/gm)].map((m) => `${m[1]} ${m[2]}`);

describe('Function: renderMarkdownExport', () => {
  it('renders the sections in order, each from recorded facts', () => {
    const markdown = renderMarkdownExport(emptyIncident(), timeline);
    expect(headings(markdown)).toEqual([
      '# Incident inc-7: EMPTY: dynamodb.us-east-1.amazonaws.com A',
      '## Summary',
      '## Impact window',
      '## Detection',
      '## Timeline',
      '## Who did what',
      '## Links',
    ]);
    expect(markdown.endsWith('\n')).toBe(true);
  });

  it('summary: what happened, target, status with who resolved it, and when it opened', () => {
    const summary = section(renderMarkdownExport(emptyIncident(), timeline), 'Summary');
    expect(summary).toContain('- **What happened:** Over since 2025-10-20 09:25:00 UTC. It was: ');
    expect(summary).toContain('exists but has no A records (NODATA) (3 of 3 answering resolvers)');
    expect(summary).toContain('- **Target:** dynamodb.us-east-1.amazonaws.com/A');
    expect(summary).toContain(
      '- **Status:** resolved by lookout (auto-resolve) at 2025-10-20 09:25:00 UTC — recovered',
    );
    expect(summary).toContain('- **Opened:** 2025-10-20 06:48:20 UTC');
  });

  it('impact window: from the first evidence to the end of the problem, with its duration', () => {
    expect(section(renderMarkdownExport(emptyIncident(), timeline), 'Impact window')).toBe(
      [
        '- **Start:** 2025-10-20 06:48:10 UTC (first evidence of EMPTY, from dns-probe)',
        '- **End:** 2025-10-20 09:25:00 UTC (the problem ended)',
        '- **Duration:** 2 h 36 min',
      ].join('\n'),
    );
  });

  it('an open incident has no end and no duration, and says so', () => {
    const open = emptyIncident({ status: 'open', headline: problem, resolvedAt: undefined });
    const window = section(renderMarkdownExport(open, timeline), 'Impact window');
    expect(window).toContain('- **End:** not over — the incident was open when this was exported');
    expect(window).not.toContain('Duration');
  });

  it('detection latency: first evidence → the probe’s OPENED; the Slack post when there is one', () => {
    const probe = section(renderMarkdownExport(emptyIncident(), timeline), 'Detection');
    expect(probe).toBe(
      '- **Detection latency:** 10 s, from the first evidence of EMPTY (2025-10-20 06:48:10 UTC, dns-probe) to the first alert (2025-10-20 06:48:20 UTC, incident opened by the probe)',
    );
    // 1760942905 = 06:48:25 UTC, when Slack took the root message
    const posted = emptyIncident({ slack: { channel: 'C0ALERTS', ts: '1760942905.000100' } });
    expect(section(renderMarkdownExport(posted, timeline), 'Detection')).toContain(
      '15 s, from the first evidence of EMPTY (2025-10-20 06:48:10 UTC, dns-probe) to the first alert (2025-10-20 06:48:25 UTC, root message posted to Slack)',
    );
  });

  it('leaves detection latency out when the alert time is not a recorded fact', () => {
    // Opened by CloudTrail: its OPENED carries the event's own time, not when Lookout alerted
    const byCloudTrail = timeline.map((e) => (e.kind === 'OPENED' ? { ...e, source: 'cloudtrail' } : e));
    const markdown = renderMarkdownExport(emptyIncident(), byCloudTrail);
    expect(section(markdown, 'Detection')).toBeUndefined();
    expect(markdown).not.toContain('Detection latency');
  });

  it('timeline: every entry with its time, words, source and text; evidence, Route 53 changes and Health status beneath', () => {
    const lines = section(renderMarkdownExport(emptyIncident(), timeline), 'Timeline')?.split('\n') ?? [];
    expect(lines.filter((l) => l.startsWith('- '))).toHaveLength(timeline.length);
    expect(lines).toContain(
      '- 2025-10-20 06:48:03 UTC · **Record set deleted** · cloudtrail — enactor-2 (dns-enactor) deleted the A record set of dynamodb.us-east-1.amazonaws.com',
    );
    expect(lines).toContain(
      '  - Route 53 DELETE A dynamodb.us-east-1.amazonaws.com by enactor-2 (dns-enactor) at 2025-10-20 06:48:03 UTC, change C0DELETE',
    );
    expect(
      lines.filter((l) => /^ {2}- 10\.0\.0\.\d:53: NODATA \(NOERROR\) — \(no records\)/.test(l)),
    ).toHaveLength(3);
    expect(lines).toContain('  - AWS Health: DynamoDB us-east-1 status open');
    expect(lines).toContain(
      '- 2025-10-20 06:52:00 UTC · **Acknowledged** · slack:U0ALICE (@alice) — Acknowledged by slack:U0ALICE (@alice)',
    );
  });

  it('who did what: each person (and the auto-resolve) with what they did, never a signal source', () => {
    expect(section(renderMarkdownExport(emptyIncident(), timeline), 'Who did what')).toBe(
      [
        '- **slack:U0ALICE (@alice):** Acknowledged at 2025-10-20 06:52:00 UTC',
        '- **cli:bob:** Note at 2025-10-20 07:10:00 UTC',
        '- **lookout (auto-resolve):** Resolved at 2025-10-20 09:25:00 UTC',
      ].join('\n'),
    );
  });

  it('runbook steps: listed when entries record them, left out otherwise', () => {
    expect(section(renderMarkdownExport(emptyIncident(), timeline), 'Runbook steps done')).toBeUndefined();
    const step = entry({
      at: '2025-10-20T06:55:00.000Z',
      kind: 'NOTE',
      source: 'slack:U0ALICE (@alice)',
      text: 'Runbook step done',
      facts: { [RUNBOOK_STEP_FACT]: 'Compare the record set with its last-known-good version' },
    });
    expect(section(renderMarkdownExport(emptyIncident(), [...timeline, step]), 'Runbook steps done')).toBe(
      '- 2025-10-20 06:55:00 UTC · Compare the record set with its last-known-good version · done by slack:U0ALICE (@alice)',
    );
  });

  it('links: AWS Health from the entries’ facts; Slack as a permalink only when the workspace URL is known', () => {
    const incident = emptyIncident({ slack: { channel: 'C0ALERTS', ts: '1760942905.000100' } });
    const health = `- [AWS Health: DynamoDB us-east-1 — Increased error rates (open)](<https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(ARN)}&eventTab=details>)`;
    expect(section(renderMarkdownExport(incident, timeline), 'Links')).toBe(
      ['- Slack: root message in channel C0ALERTS, ts 1760942905.000100', health].join('\n'),
    );
    expect(
      section(
        renderMarkdownExport(incident, timeline, { slackWorkspaceUrl: 'https://acme.slack.com/' }),
        'Links',
      ),
    ).toBe(
      [
        '- [Slack: the incident’s root message](<https://acme.slack.com/archives/C0ALERTS/p1760942905000100>)',
        health,
      ].join('\n'),
    );
  });

  it('with no Slack reference and no Health entry there is no Links section', () => {
    const probeOnly = timeline.filter((e) => e.source !== 'aws-health');
    expect(section(renderMarkdownExport(emptyIncident(), probeOnly), 'Links')).toBeUndefined();
  });

  it('a note cannot inject a heading, a link, an image, HTML or a table row', () => {
    const note = entry({
      at: '2025-10-20T07:00:00.000Z',
      kind: 'NOTE',
      source: 'slack:U0EVE',
      text: 'fine\n# Root cause: bob\n[click here](https://evil.example) ![x](https://evil.example/x.png) <script>alert(1)</script> | a | b |',
    });
    const markdown = renderMarkdownExport(emptyIncident(), [...timeline, note]);
    expect(headings(markdown)).not.toContain('# Root cause: bob');
    expect(markdown).not.toMatch(/(?<!\\)\[click here(?<!\\)\]\(/);
    expect(markdown).not.toContain('<script>');
    const line = markdown.split('\n').find((l) => l.includes('slack:U0EVE'));
    expect(line).toBe(
      '- 2025-10-20 07:00:00 UTC · **Note** · slack:U0EVE — fine \\# Root cause: bob \\[click here\\](`https://evil.example`) \\!\\[x\\](`https://evil.example/x.png`) \\<script\\>alert(1)\\</script\\> \\| a \\| b \\|',
    );
  });

  it('DNS answers and AWS text are escaped too', () => {
    const txt = entry({
      at: '2025-10-20T07:05:00.000Z',
      kind: 'CHANGED',
      source: 'dns-probe',
      text: 'answer changed',
      evidence: [outcome('10.0.0.1:53', 'ANSWER', ['*bold* _it_ <b>x</b>'])],
    });
    const markdown = renderMarkdownExport(emptyIncident(), [...timeline, txt]);
    expect(markdown).toContain('  - 10.0.0.1:53: ANSWER (NOERROR) — \\*bold\\* \\_it\\_ \\<b\\>x\\</b\\>');
  });
});

describe('Function: escapeMarkdown', () => {
  it.each([
    ['# heading', '\\# heading'],
    ['line one\nline two\r\n> quote', 'line one line two \\> quote'],
    ['a `code` b', 'a \\`code\\` b'],
    ['see www.evil.example now', 'see `www.evil.example` now'],
    ['ftp://x and HTTPS://Y.example', '`ftp://x` and `HTTPS://Y.example`'],
    ['&amp; ~~gone~~', '\\&amp; \\~\\~gone\\~\\~'],
    ['CONCURRENT_WRITERS _it_ __b__ a_*', 'CONCURRENT_WRITERS \\_it\\_ \\_\\_b\\_\\_ a\\_\\*'],
    ['back\\slash', 'back\\\\slash'],
    ['dynamodb.us-east-1.amazonaws.com 10.0.0.1', 'dynamodb.us-east-1.amazonaws.com 10.0.0.1'],
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('keeps a link destination inside its angle brackets', () => {
    expect(markdownLink('x', 'https://a.example/<b> c')).toBe('[x](<https://a.example/%3Cb%3E%20c>)');
  });
});
