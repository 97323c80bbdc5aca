import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../../../lambda/domain/incident.js';
import { OUTCOME_KINDS, type ResolverOutcome } from '../../../lambda/domain/observation.js';
import { renderRootMessage, renderTimelineReply } from '../../../lambda/domain/render/blocks.js';
import { renderHealthDigest } from '../../../lambda/domain/render/health-digest.js';
import type { HealthStatus } from '../../../lambda/domain/render/health-status.js';
import { RUNBOOK_STEP_FACT } from '../../../lambda/domain/render/markdown-export.js';
import {
  RUNBOOK_ID_FACT,
  RUNBOOK_STEP_NUMBER_FACT,
  runbookBlocks,
  runbookStepsDone,
} from '../../../lambda/domain/render/runbook-steps.js';
import type { RecordSetContent } from '../../../lambda/domain/route53/record-set.js';
import { planRestore } from '../../../lambda/domain/route53/restore-plan.js';
import type { Runbook } from '../../../lambda/domain/runbooks/schema.js';
import { ALERT_KINDS } from '../../../lambda/domain/signals.js';
import type { PreparedRestore } from '../../../lambda/service/route53/restore-types.js';
import {
  addToTimelineView,
  choosable,
  decodeMessage,
} from '../../../lambda/slack/app/listeners/views/add-to-timeline-view.js';
import { declareModal } from '../../../lambda/slack/app/listeners/views/declare-modal.js';
import { noteModal } from '../../../lambda/slack/app/listeners/views/note-modal.js';
import {
  metadataOf,
  parseRestoreMetadata,
  restoreMessageView,
  restoreModal,
  restorePlanningView,
} from '../../../lambda/slack/app/restore/modal.js';
import { messageProblems, modalProblems } from '../../support/block-kit-limits.js';
import { incidentFixture } from '../../support/incidents.js';

const NOW = new Date('2025-10-20T09:53:30.000Z');
/** Bounded runs: every property here together stays within a few seconds. */
const RUNS = { numRuns: 40 };

/** Characters Slack's mrkdwn treats as markup, and some that JSON or UTF-16 lengthen. */
const SPECIALS = ['<', '>', '&', '*', '_', '~', '`', '|', '<!channel>', '\n', '"', '\\', '😀', 'é', '\u200b'];

/** Outside words: arbitrary unicode, mrkdwn specials, or both, up to `max` characters. */
const words = (max: number) =>
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: max }),
    fc
      .array(fc.constantFrom(...SPECIALS), { maxLength: Math.ceil(max / 4) })
      .map((parts) => parts.join('').slice(0, max)),
    fc.constant('x'.repeat(max)),
  );
const nonEmptyWords = (max: number) => words(max).map((w) => (w.trim() ? w : 'w'));

/** DNS names up to the 253-character maximum (labels ≤ 63), as a target's name. */
const dnsName = fc
  .array(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/), { minLength: 1, maxLength: 8 })
  .map(
    (labels) =>
      labels
        .join('.')
        .slice(0, 253)
        .replace(/[.-]+$/, '') || 'a',
  );
const longDnsName = fc.constant(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`);

const outcome: fc.Arbitrary<ResolverOutcome> = fc.record({
  resolver: fc.oneof(fc.constant('10.0.0.2:53'), words(300)),
  kind: fc.constantFrom(...OUTCOME_KINDS),
  values: fc.array(words(600), { maxLength: 4 }),
  latencyMs: fc.nat({ max: 10_000 }),
  rcode: fc.option(fc.constantFrom('NOERROR', 'NXDOMAIN', 'SERVFAIL'), { nil: undefined }),
});

const runbook: fc.Arbitrary<Runbook> = fc.record({
  id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,40}$/),
  title: nonEmptyWords(150),
  appliesTo: fc.constant([...ALERT_KINDS]),
  steps: fc.array(
    fc.record(
      {
        title: nonEmptyWords(150),
        detail: words(2000),
        command: words(1000),
        action: fc.constantFrom('recheck' as const, 'restore' as const),
      },
      { requiredKeys: ['title'] },
    ),
    { minLength: 1, maxLength: 30 },
  ),
});

const incident: fc.Arbitrary<Incident> = fc
  .record({
    id: fc.oneof(fc.constant('inc-1'), nonEmptyWords(200)),
    name: fc.oneof(dnsName, longDnsName),
    title: nonEmptyWords(400),
    status: fc.constantFrom('open' as const, 'acknowledged' as const, 'resolved' as const),
    by: nonEmptyWords(300),
    note: words(2000),
    kind: fc.constantFrom(...ALERT_KINDS),
  })
  .map(({ id, name, title, status, by, note, kind }) =>
    incidentFixture({
      id,
      targetId: `${name}/A`,
      kind,
      headlineKind: kind,
      title,
      status,
      ...(status !== 'open' ? { acknowledgedAt: '2025-10-20T07:00:00.000Z', acknowledgedBy: by } : {}),
      ...(status === 'resolved'
        ? { resolvedAt: '2025-10-20T08:00:00.000Z', resolvedBy: by, resolutionNote: note }
        : {}),
      facts: { name, type: 'A', note },
    }),
  );

/** A timeline of `n` entries, every third one a runbook step checked off (most of them repeats). */
function longTimeline(incidentId: string, runbookId: string, n: number, by: string): TimelineEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    incidentId,
    entryId: `e${String(i).padStart(5, '0')}`,
    at: new Date(NOW.getTime() - (n - i) * 1000).toISOString(),
    kind: 'NOTE' as const,
    source: by,
    text: `entry ${i} ${by}`,
    ...(i % 3 === 0
      ? {
          facts: {
            [RUNBOOK_STEP_FACT]: `step ${i}`,
            [RUNBOOK_ID_FACT]: runbookId,
            [RUNBOOK_STEP_NUMBER_FACT]: (i % 30) + 1,
          },
        }
      : {}),
  }));
}

describe('Block Kit limits of every message Lookout renders (properties)', () => {
  it('keeps the root within a message for long names, up to 50 resolvers, long runbooks and long timelines', () => {
    fc.assert(
      fc.property(
        incident,
        fc.option(runbook, { nil: undefined }),
        fc.array(outcome, { maxLength: 50 }),
        fc.nat({ max: 600 }),
        (inc, rb, evidence, entries) => {
          const timeline = longTimeline(inc.id, rb?.id ?? 'none', entries, inc.acknowledgedBy ?? 'x');
          const message = renderRootMessage({
            incident: inc,
            runbook: rb,
            evidence,
            stepsDone: rb ? runbookStepsDone(timeline, rb.id) : undefined,
            now: NOW,
          });
          expect(messageProblems(message)).toEqual([]);
          expect(message.text.length).toBeLessThanOrEqual(3000);
        },
      ),
      RUNS,
    );
  });

  it('keeps a runbook within any block budget it is given, counting the steps it lists without buttons', () => {
    fc.assert(
      fc.property(incident, runbook, fc.integer({ min: 2, max: 50 }), (inc, rb, maxBlocks) => {
        const blocks = runbookBlocks({
          incident: inc,
          runbook: rb,
          maxBlocks,
          actions: ['recheck', 'restore'],
        });
        expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
        expect(messageProblems({ blocks })).toEqual([]);
        const withButtons = blocks.filter((b) => b.type === 'section' && b.accessory).length;
        if (inc.status !== 'resolved' && withButtons < rb.steps.length)
          expect(JSON.stringify(blocks.at(-1))).toMatch(/steps \d+–\d+ are listed without their buttons/);
      }),
      RUNS,
    );
  });

  it('keeps a thread reply within a message for huge notes and 50 resolvers', () => {
    fc.assert(
      fc.property(
        words(20_000),
        words(300),
        nonEmptyWords(300),
        fc.array(outcome, { maxLength: 50 }),
        (text, source, target, evidence) => {
          const entry: TimelineEntry = {
            incidentId: target,
            entryId: 'e1',
            at: NOW.toISOString(),
            kind: 'NOTE',
            source,
            text,
            evidence,
          };
          expect(messageProblems(renderTimelineReply(entry, `${target}/A`))).toEqual([]);
        },
      ),
      RUNS,
    );
  });

  it('keeps the root within a message with many AWS Health events and affected targets', () => {
    const health: fc.Arbitrary<HealthStatus> = fc.record({
      eventArn: words(400),
      service: words(100),
      region: words(40),
      status: fc.constantFrom('open', 'closed', 'upcoming'),
      title: words(1000),
    });
    fc.assert(
      fc.property(incident, fc.array(health, { maxLength: 40 }), fc.nat({ max: 300 }), (inc, events, n) => {
        const affected = Array.from({ length: n }, (_, i) => ({
          targetId: `${'t'.repeat(200)}-${i}/A`,
          since: NOW.toISOString(),
        }));
        const cause: Incident['cause'] = { resolvers: ['10.0.0.2:53'], all: false, affected };
        const message = renderRootMessage({
          incident: { ...inc, ...(n ? { cause } : {}) },
          health: events,
          now: NOW,
        });
        expect(messageProblems(message)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('keeps the AWS Health digest within a message for hundreds of long lines', () => {
    const line = fc.record({
      key: words(200),
      arn: words(400),
      service: words(100),
      region: words(40),
      category: fc.constantFrom('scheduledChange', 'accountNotification', 'issue'),
      typeCode: words(200),
      status: fc.constantFrom('open', 'closed', 'upcoming'),
      summary: words(1000),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 300 }), fc.nat({ max: 500 }), (lines, omitted) => {
        const digest = { lines, omitted, updatedAt: NOW.toISOString() } as Parameters<
          typeof renderHealthDigest
        >[0];
        expect(messageProblems(renderHealthDigest(digest, { closedKeepMs: 7 * 86_400_000 }))).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});

describe('Block Kit limits of every modal Lookout opens (properties)', () => {
  const responseUrl = 'https://hooks.slack.com/commands/T0/1/abc';

  it('keeps the note modal within a modal for any incident id', () => {
    fc.assert(
      fc.property(nonEmptyWords(200), fc.stringMatching(/^[CDG][A-Z0-9]{8,12}$/), (incidentId, channel) => {
        expect(modalProblems(noteModal({ incidentId, channel, responseUrl }))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('keeps the declare modal within a modal for any title the command accepts', () => {
    fc.assert(
      fc.property(nonEmptyWords(150), fc.stringMatching(/^[CDG][A-Z0-9]{8,12}$/), (title, channel) => {
        expect(modalProblems(declareModal({ title, channel, responseUrl }))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('keeps "Add to timeline" within a modal for up to 300 incidents with long titles and any message', () => {
    fc.assert(
      fc.property(
        fc.array(incident, { maxLength: 300 }),
        words(5000),
        fc.option(words(40), { nil: undefined }),
        (incidents, excerpt, author) => {
          const open = choosable(incidents);
          fc.pre(open.length > 0);
          const message = {
            channel: 'C0ALERTS',
            ts: '1700000000.000100',
            ...(author ? { author } : {}),
            excerpt: excerpt.slice(0, 501),
          };
          const view = addToTimelineView(open, message);
          expect(modalProblems(view)).toEqual([]);
          // What the submission reads back is the message it was opened for (the excerpt at most cut).
          expect(decodeMessage(view.private_metadata)?.ts).toBe(message.ts);
          // A cut option says so with an ellipsis instead of dropping the end silently.
          for (const option of view.blocks[1]?.element?.options ?? [])
            if (option.text.text.length === 75) expect(option.text.text.endsWith('…')).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('keeps the restore confirmation within a modal for long names and TXT records of many long values', () => {
    const txt = fc.array(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 255 }), {
      minLength: 1,
      maxLength: 100,
    });
    fc.assert(
      fc.property(fc.oneof(dnsName, longDnsName), txt, txt, words(200), (name, now, good, incidentId) => {
        const key = { zoneId: 'Z0123456789ABCDEFGHIJ', name: `${name}.`, type: 'TXT' };
        const current: RecordSetContent = { key, ttl: 300, values: now };
        const goodContent: RecordSetContent = { key, ttl: 300, values: [...good, 'good'] };
        const prepared = {
          attemptId: 'a1',
          key,
          by: 'slack:U0OPS',
          ...(incidentId ? { incidentId: incidentId.slice(0, 200) } : {}),
          current,
          good: {
            hash: 'h-good',
            content: goodContent,
            since: NOW.toISOString(),
            source: 'route53-snapshot',
          },
          goodVersion: 3,
          plan: planRestore(current, goodContent, incidentId || undefined),
          steps: [],
        } as PreparedRestore;
        const metadata = metadataOf(prepared, 'https://hooks.slack.com/actions/T0/1/abc', 'C0ALERTS');
        const view = restoreModal(prepared, metadata);
        expect(modalProblems(view)).toEqual([]);
        expect(parseRestoreMetadata(view.private_metadata)).toEqual(metadata);
      }),
      { numRuns: 25 },
    );
  });

  it('never shows empty text for a blank restore message (a counterexample fast-check found)', () => {
    for (const text of ['\n', ' ', '']) expect(modalProblems(restoreMessageView(text))).toEqual([]);
  });

  it('keeps the restore modals within a modal for long names and long refusals, marking a cut', () => {
    fc.assert(
      fc.property(fc.oneof(dnsName, longDnsName), words(40), words(10_000), (name, zoneId, text) => {
        expect(modalProblems(restorePlanningView({ zoneId, name, type: 'TXT' }))).toEqual([]);
        const view = restoreMessageView(text || 'x');
        expect(modalProblems(view)).toEqual([]);
        const shown = view.blocks[0]?.text.text ?? '';
        if (shown.length < text.length) expect(shown.endsWith('…')).toBe(true);
      }),
      RUNS,
    );
  });
});
