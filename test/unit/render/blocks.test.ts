import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockProblem } from '../../../emulators/slack/slack-limits.js';
import { loadRunbooks } from '../../../lambda/config/load-runbooks.js';
import type { Incident, TimelineEntry } from '../../../lambda/domain/incident.js';
import { OUTCOME_KINDS, type ResolverOutcome } from '../../../lambda/domain/observation.js';
import {
  type Block,
  renderRootMessage,
  renderTimelineReply,
  type SlackMessage,
  subjectLabel,
} from '../../../lambda/domain/render/blocks.js';
import { selectRunbook } from '../../../lambda/domain/runbooks/select.js';
import { incidentFixture } from '../../support/incidents.js';

const NOW = new Date('2025-10-20T09:53:30.000Z');
const runbooks = loadRunbooks({ env: {} });

const incident = (over: Partial<Incident> = {}): Incident => incidentFixture(over);

const nodata = (resolver: string): ResolverOutcome => ({
  resolver,
  kind: 'NODATA',
  values: [],
  rcode: 'NOERROR',
  negativeTtl: 60,
  latencyMs: 12,
});

function allText(message: SlackMessage): string {
  return JSON.stringify(message.blocks);
}

/** Outside words that Slack would turn into an @channel and a disguised link if sent as they are. */
const EVIL = 'Hi <!channel> see <https://evil.example|click here> & more';
const ESCAPED = 'Hi &lt;!channel&gt; see &lt;https://evil.example|click here&gt; &amp; more';

/** Every field Slack parses: the blocks and the `text` (notifications, the blocks-refused resend). */
function expectNoMarkupFrom(message: SlackMessage): void {
  for (const field of [message.text, allText(message)]) {
    expect(field).not.toContain('<!channel>');
    expect(field).not.toContain('<https://evil.example');
  }
  expect(message.text).toContain(ESCAPED);
}

/** The invariants Slack enforces, checked by the same code the fake Slack server uses. */
function expectWithinSlackLimits(message: SlackMessage): void {
  expect(blockProblem(message.blocks)).toBeUndefined();
  expect(message.text.trim().length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(3000);
  for (const block of message.blocks as Block[]) {
    if (block.type === 'section') expect(block.text.text.trim()).not.toBe('');
  }
}

describe('Function: renderRootMessage', () => {
  it('says NODATA in plain words, with since, duration, status, evidence, runbook and id', () => {
    const message = renderRootMessage({
      incident: incident(),
      runbook: selectRunbook(runbooks, 'EMPTY'),
      evidence: [nodata('10.0.0.2:53'), { ...nodata('1.1.1.1:53'), negativeTtl: 5 }],
      now: NOW,
    });
    const header = message.blocks[0];
    expect(header).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: ':red_circle: EMPTY · dynamodb.us-east-1.amazonaws.com/A',
        emoji: true,
      },
    });
    const text = allText(message);
    expect(text).toContain('exists but has no A records (NODATA)');
    expect(text).toContain('2025-10-20 06:48:00 UTC (3 h 5 min)');
    expect(text).toContain('open — nobody has acknowledged it yet');
    expect(text).toContain('`10.0.0.2:53` → NODATA (NOERROR) — (no records) · negative TTL 60 s · 12 ms');
    expect(text).toMatch(/\*1\. Confirm from several resolvers/);
    expect(text).toContain('```npx lookout check dynamodb.us-east-1.amazonaws.com --type A');
    expect(message.blocks.at(-1)).toMatchObject({ type: 'context' });
    expect(JSON.stringify(message.blocks.at(-1))).toContain('inc-1');
    expect(message.text).toMatch(/^OPEN EMPTY dynamodb\.us-east-1\.amazonaws\.com\/A: .*NODATA/);
    expectWithinSlackLimits(message);
  });

  it('never calls UNREACHABLE an empty record, and tells NXDOMAIN apart', () => {
    const unreachable = renderRootMessage({
      incident: incident({ kind: 'UNREACHABLE', headlineKind: 'UNREACHABLE' }),
      evidence: [{ resolver: '10.0.0.2:53', kind: 'TIMEOUT', values: [], latencyMs: 2000 }],
      now: NOW,
    });
    expect(allText(unreachable)).toContain('this is NOT evidence the record is empty');
    expect(allText(unreachable)).toContain('TIMEOUT — no answer (timeout)');
    const nx = renderRootMessage({
      incident: incident(),
      evidence: [{ ...nodata('a:53'), kind: 'NXDOMAIN', rcode: 'NXDOMAIN' }],
      now: NOW,
    });
    expect(allText(nx)).toContain('does not exist any more (NXDOMAIN)');
    expect(allText(nx)).not.toContain('(NODATA)');
  });

  it('shows who acknowledged and who resolved, with duration up to resolution', () => {
    const acked = renderRootMessage({
      incident: incident({
        status: 'acknowledged',
        acknowledgedBy: '<@U123>',
        acknowledgedAt: '2025-10-20T07:00:00Z',
      }),
      now: NOW,
    });
    expect(acked.blocks[0]).toMatchObject({
      text: { text: expect.stringMatching(/^:large_orange_circle:/) },
    });
    expect(allText(acked)).toContain('acknowledged by &lt;@U123&gt; at 2025-10-20 07:00:00 UTC');
    const resolved = renderRootMessage({
      incident: incident({ status: 'resolved', resolvedAt: '2025-10-20T09:48:00Z', resolvedBy: 'lookout' }),
      now: NOW,
    });
    expect(allText(resolved)).toContain('(3 h)');
    expect(allText(resolved)).toContain('resolved by lookout');
  });

  it('stays within Slack limits for 500 resolvers with 10k-character values', () => {
    const huge = 'x'.repeat(10_000);
    const evidence = Array.from({ length: 500 }, (_, i) => ({
      resolver: `10.0.${Math.floor(i / 250)}.${i % 250}:53`,
      kind: 'ANSWER' as const,
      values: [huge, `<!channel> ${huge}`],
      ttl: 60,
      latencyMs: i,
    }));
    const message = renderRootMessage({
      incident: incident({ targetId: `${'a'.repeat(240)}.example/TXT`, title: huge }),
      runbook: selectRunbook(runbooks, 'EMPTY'),
      evidence,
      now: NOW,
    });
    expectWithinSlackLimits(message);
    expect(allText(message)).toContain('(truncated)');
    expect(allText(message)).not.toContain('<!channel>');
    expect(message.text).not.toContain('<!channel>');
    expect(allText(message)).toMatch(/more resolver answers not shown \(500 in all\)/);
  });

  it('holds the limits for arbitrary incidents and evidence (property)', () => {
    const outcome = fc.record({
      resolver: fc.string({ maxLength: 300 }),
      kind: fc.constantFrom(...OUTCOME_KINDS),
      values: fc.array(fc.string({ maxLength: 4000 }), { maxLength: 5 }),
      latencyMs: fc.nat(),
      rcode: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(outcome, { maxLength: 120 }),
        fc.string({ maxLength: 400 }),
        fc.constantFrom('EMPTY', 'DEGRADED', 'FLAPPING', 'UNREACHABLE' as const),
        (evidence, target, kind) => {
          const message = renderRootMessage({
            incident: incident({ targetId: target, kind, headlineKind: kind, title: target }),
            runbook: selectRunbook(runbooks, kind),
            evidence: evidence as ResolverOutcome[],
            now: NOW,
          });
          expectWithinSlackLimits(message);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('Function: renderTimelineReply', () => {
  const entry: TimelineEntry = {
    incidentId: 'inc-1',
    entryId: 'e-2',
    at: '2025-10-20T06:50:00.000Z',
    kind: 'CHANGED',
    source: 'dns-probe',
    text: 'Answer changed from 0 to 4 records',
    evidence: [
      {
        resolver: '10.0.0.2:53',
        kind: 'ANSWER',
        values: ['3.218.180.1', '3.218.180.2'],
        ttl: 5,
        latencyMs: 4,
      },
    ],
  };

  it('shows kind, time, source, text and evidence', () => {
    const reply = renderTimelineReply(entry, 'dynamodb.us-east-1.amazonaws.com/A');
    const text = allText(reply);
    expect(text).toContain('*Answer changed* (CHANGED) · 2025-10-20 06:50:00 UTC · dns-probe');
    expect(text).toContain('`10.0.0.2:53` → ANSWER — ');
    expect(text).toContain('3.218.180.1, 3.218.180.2 · TTL 5 s · 4 ms');
    expect(reply.text).toBe(
      'CHANGED dynamodb.us-east-1.amazonaws.com/A at 2025-10-20 06:50:00 UTC: Answer changed from 0 to 4 records',
    );
  });

  it('never emits an empty text and holds limits for huge notes (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20_000 }), fc.string({ maxLength: 500 }), (text, source) => {
        expectWithinSlackLimits(renderTimelineReply({ ...entry, kind: 'NOTE', text, source, evidence: [] }));
      }),
      { numRuns: 100 },
    );
  });
});

describe('Outside text in every field Slack parses', () => {
  it('escapes AWS Health words in the root message, its blocks and its text', () => {
    const message = renderRootMessage({
      incident: incident(),
      health: [
        {
          eventArn: 'arn:aws:health:us-east-1::event/DYNAMODB/AWS_DYNAMODB_OPERATIONAL_ISSUE/x',
          service: 'DYNAMODB',
          region: 'us-east-1',
          status: 'open',
          title: EVIL,
          postedAt: '2025-10-20T07:11:00.000Z',
        },
      ],
      now: NOW,
    });
    expectNoMarkupFrom(message);
  });

  it('escapes DNS answers in a thread reply, its evidence and its text', () => {
    const message = renderTimelineReply(
      {
        incidentId: 'inc-1',
        entryId: 'e-1',
        at: '2025-10-20T07:11:00.000Z',
        kind: 'CHANGED',
        source: 'dns-probe',
        text: `TXT answer is now "${EVIL}"`,
        evidence: [{ resolver: '10.0.0.2:53', kind: 'ANSWER', values: [EVIL], ttl: 60, latencyMs: 3 }],
      },
      'example.test/TXT',
    );
    expectNoMarkupFrom(message);
  });

  it('escapes a Health update and a Route 53 writer name in a thread reply', () => {
    const entry = (text: string, source: string): TimelineEntry => ({
      incidentId: 'inc-1',
      entryId: 'e-1',
      at: '2025-10-20T07:11:00.000Z',
      kind: 'HEALTH_UPDATE',
      source,
      text,
    });
    expectNoMarkupFrom(renderTimelineReply(entry(`AWS Health update: ${EVIL}`, 'aws-health')));
    const writer = renderTimelineReply(entry(`${EVIL} (dns-enactor) UPSERT`, 'cloudtrail'), EVIL);
    expectNoMarkupFrom(writer);
  });

  it('escapes runbook values inside a command', () => {
    const message = renderRootMessage({
      incident: incident({ targetId: `${EVIL}/A`, facts: { name: EVIL } }),
      runbook: {
        id: 'x',
        title: 'Check {{name}}',
        steps: [{ title: 'Look', command: 'dig {{name}}' }],
      } as unknown as Parameters<typeof renderRootMessage>[0]['runbook'],
      now: NOW,
    });
    // The header is plain_text, which Slack never parses for mentions; every mrkdwn field is checked.
    const mrkdwn = JSON.stringify(message.blocks.filter((b) => b.type !== 'header'));
    expect(mrkdwn).not.toContain('<!channel>');
    expect(mrkdwn).toContain('dig Hi &lt;!channel&gt;');
    expect(message.text).not.toContain('<!channel>');
  });
});

describe('Render: the root header names the subject, never an internal id', () => {
  it('keeps a DNS target as name/TYPE and tells other subjects by the name they were opened with', () => {
    expect(subjectLabel(incident())).toBe('dynamodb.us-east-1.amazonaws.com/A');
    const declared = incident({
      targetId: 'declared:V0123ABC',
      kind: 'DECLARED',
      headlineKind: 'DECLARED',
      title: 'DECLARED: Checkout is slow (high)',
    });
    expect(subjectLabel(declared)).toBe('Checkout is slow (high)');
    const health = incident({
      targetId: 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/abc/HEALTH',
      kind: 'HEALTH_EVENT',
      title: 'HEALTH_EVENT: EC2 us-east-1 HEALTH',
    });
    expect(subjectLabel(health)).toBe('EC2 us-east-1 HEALTH');
    const header = renderRootMessage({ incident: declared, now: NOW }).blocks[0];
    expect(JSON.stringify(header)).toContain('DECLARED · Checkout is slow (high)');
    expect(JSON.stringify(header)).not.toContain('declared:');
  });
});

describe('Render: the Restore button', () => {
  const restore = {
    restoreFromSlack: true,
    zones: [{ id: 'Z0123456789ABCDEFGHIJ', names: ['dynamodb.us-east-1.amazonaws.com'] }],
  };
  const actionIds = (message: SlackMessage) =>
    message.blocks.flatMap((b) =>
      b.type === 'actions' ? (b.elements as { action_id: string }[]).map((e) => e.action_id) : [],
    );

  it('is offered only where restore from Slack is on and a configured zone holds the record', () => {
    const open = incident();
    expect(actionIds(renderRootMessage({ incident: open, restore, now: NOW }))).toContain(
      'restore_last_known_good',
    );
    expect(
      actionIds(
        renderRootMessage({ incident: open, restore: { ...restore, restoreFromSlack: false }, now: NOW }),
      ),
    ).not.toContain('restore_last_known_good');
    expect(actionIds(renderRootMessage({ incident: open, now: NOW }))).not.toContain(
      'restore_last_known_good',
    );
    const elsewhere = incident({ targetId: 'api.example.com/A' });
    expect(actionIds(renderRootMessage({ incident: elsewhere, restore, now: NOW }))).not.toContain(
      'restore_last_known_good',
    );
    const resolved = incident({ status: 'resolved' });
    expect(actionIds(renderRootMessage({ incident: resolved, restore, now: NOW }))).not.toContain(
      'restore_last_known_good',
    );
  });
});
