import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  joinGroup,
  MAX_GROUP_LINES,
  MAX_GROUP_SEQS,
  MAX_GROUP_WRITERS,
  openGroup,
  type ReplyGroup,
  renderGroupReply,
} from '../../../lambda/domain/calm/reply-group.js';
import { CALM_DEFAULTS } from '../../../lambda/domain/calm/settings.js';
import {
  endStorm,
  MAX_STORM_IDS,
  type OpeningInput,
  recordOpening,
  renderStormSummary,
  type StormState,
} from '../../../lambda/domain/calm/storm.js';
import type { TimelineEntry, TimelineKind } from '../../../lambda/domain/incident.js';
import { messageProblems } from '../../support/block-kit-limits.js';
import { recordChange, t } from './fixtures.js';

/** Bounded runs: large inputs per run, few runs, so the file stays within seconds. */
const RUNS = { numRuns: 15 };
const NOW = new Date('2025-10-20T07:48:13.000Z');

/** Characters Slack's mrkdwn treats as markup, and some that JSON or UTF-16 lengthen. */
const SPECIALS = ['<', '>', '&', '*', '_', '~', '`', '|', '<!channel>', '\n', '"', '\\', '😀', 'é', '\u200b'];
const words = (max: number) =>
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: max }),
    fc
      .array(fc.constantFrom(...SPECIALS), { maxLength: Math.ceil(max / 4) })
      .map((p) => p.join('').slice(0, max)),
    fc.constant('&'.repeat(max)),
  );

const ROUTINE: TimelineKind[] = [
  'RECORD_CHANGED',
  'RECORD_ADDED',
  'RECORD_DELETED',
  'CHANGED',
  'HEALTH_UPDATE',
  'NOTE',
];

/** A routine entry: racing writers with outside words in every field, or a probe's answer change. */
const entryArb = (i: number) =>
  fc
    .record({
      kind: fc.constantFrom(...ROUTINE),
      writer: fc.oneof(fc.constantFrom('enactor-1', 'enactor-2', 'enactor-3'), words(300)),
      values: fc.array(words(600), { minLength: 0, maxLength: 3 }),
      text: words(4000),
      offset: fc.integer({ min: 0, max: 3_600_000 }),
      batch: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ kind, writer, values, text, offset, batch }): TimelineEntry => {
      const base = recordChange(i, t(offset), writer, values);
      const change = base.changes?.[0] as NonNullable<TimelineEntry['changes']>[number];
      const changes = Array.from({ length: batch }, () => change);
      const fromRoute53 = kind.startsWith('RECORD_');
      return {
        ...base,
        kind,
        text,
        ...(fromRoute53 ? { changes } : { changes: undefined, source: 'dns-probe' }),
      };
    });

/** 1..2000 entries, most with few distinct shapes (so the run stays quick), a few arbitrary. */
const entriesArb = fc.integer({ min: 1, max: 2000 }).chain((n) =>
  fc.array(entryArb(0), { minLength: 1, maxLength: Math.min(n, 40) }).map((shapes) =>
    Array.from({ length: n }, (_, i) => {
      const e = shapes[i % shapes.length] as TimelineEntry;
      return { ...e, entryId: `e-${i}`, at: t((Date.parse(e.at) - Date.parse(t(0)) + i * 7) % 3_600_000) };
    }),
  ),
);

/** The worst case asked for, always run: 2000 entries, 60 writers, long unicode and markup everywhere. */
const WORST_ENTRIES: TimelineEntry[] = Array.from({ length: 2000 }, (_, i) => ({
  ...recordChange(i, t((i * 7919) % 3_600_000), `${'😀<&>'.repeat(40)}-${i % 60}`, ['é&<'.repeat(300)]),
  text: '<!channel> '.repeat(400),
}));

function build(entries: TimelineEntry[]): ReplyGroup {
  const [first, ...rest] = entries as [TimelineEntry, ...TimelineEntry[]];
  return rest.reduce((g, e, i) => joinGroup(g, e, `seq-${i + 1}`), openGroup(first, 'seq-0', NOW));
}

describe('Property: a reply group stays bounded and within Slack limits', () => {
  it('counts every entry, keeps bounded lists, and renders within Slack limits', () => {
    fc.assert(
      fc.property(entriesArb, fc.constantFrom(undefined, 'Asia/Kolkata'), (entries, zone) => {
        const group = build(entries);
        const message = renderGroupReply(group, zone);

        expect(group.count).toBe(entries.length);
        expect(group.lines.length).toBe(Math.min(entries.length, MAX_GROUP_LINES));
        expect(group.seqs.length).toBe(Math.min(entries.length, MAX_GROUP_SEQS));
        expect(group.writers.length).toBeLessThanOrEqual(MAX_GROUP_WRITERS);
        expect(Object.values(group.kinds).reduce((a, b) => a + b, 0)).toBe(entries.length);
        expect(messageProblems(message)).toEqual([]);
        expect(message.text.length).toBeLessThanOrEqual(3000);
        expect(JSON.stringify(message)).not.toContain('<!channel>');
        if (entries.length > MAX_GROUP_LINES)
          expect(JSON.stringify(message.blocks)).toContain(
            `and ${entries.length - MAX_GROUP_LINES} earlier not shown`,
          );
      }),
      { ...RUNS, examples: [[WORST_ENTRIES, undefined]] },
    );
  });

  it('is idempotent: delivering the last entries again changes nothing', () => {
    fc.assert(
      fc.property(entriesArb, (entries) => {
        const group = build(entries);
        const again = entries.slice(-10).reduce((g, e, k) => {
          const seq = `seq-${entries.length - Math.min(10, entries.length) + k}`;
          return joinGroup(g, e, seq);
        }, group);

        expect(again).toEqual(group);
      }),
      RUNS,
    );
  });
});

const openingArb = fc.record({
  kind: fc.oneof(fc.constantFrom('EMPTY', 'UNREACHABLE', 'HEALTH_EVENT', 'FLAPPING'), words(200)),
  source: fc.constantFrom('dns-probe', 'aws-health', 'route53-snapshot', 'trigger'),
  cause: fc.option(fc.oneof(fc.constant('resolver 10.0.0.53 down'), words(500)), { nil: undefined }),
  region: fc.option(fc.oneof(fc.constantFrom('us-east-1', 'eu-west-1'), words(100)), { nil: undefined }),
});

/** The worst case asked for, always run with 5000 incidents: more distinct kinds and causes than are kept. */
const WORST_OPENINGS: {
  kind: string;
  source: 'dns-probe' | 'aws-health';
  cause: string | undefined;
  region: string | undefined;
}[] = Array.from({ length: 60 }, (_, i) => ({
  kind: `${'Ω<&>'.repeat(50)}${i}`,
  source: i % 2 ? 'aws-health' : 'dns-probe',
  cause: `${'resolver <!channel> & '.repeat(25)}${i}`,
  region: i % 3 ? 'us-east-1' : undefined,
}));

describe('Property: a storm summary stays within Slack limits', () => {
  it('for 1..5000 incidents of any kind, cause and region, ongoing or over', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.array(openingArb, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 30_000 }),
        (n, shapes, stepMs) => {
          let state: StormState | undefined;
          let storms = 0;
          for (let i = 0; i < n; i++) {
            const input: OpeningInput = {
              channel: 'C0',
              incidentId: `inc-${i}`,
              ...(shapes[i % shapes.length] as object),
            } as OpeningInput;
            const r = recordOpening(
              state,
              input,
              new Date(Date.parse(t(0)) + i * stepMs),
              CALM_DEFAULTS.storm,
            );
            state = r.state;
            if (r.startsStorm) storms++;
          }
          const storm = state?.storm;
          if (!storm) {
            expect(storms).toBe(0);
            return;
          }
          expect(storm.incidents.ids.length).toBeLessThanOrEqual(MAX_STORM_IDS);
          expect(state?.opened.length).toBeLessThanOrEqual(CALM_DEFAULTS.storm.threshold + 1);
          const over = endStorm(
            state as StormState,
            new Date(Date.parse(storm.lastAt) + 3_600_000),
            CALM_DEFAULTS.storm,
          );
          for (const s of [storm, over.storm]) {
            const message = renderStormSummary(s as NonNullable<typeof s>, NOW);
            expect(messageProblems(message)).toEqual([]);
            expect(message.text.length).toBeLessThanOrEqual(3000);
            expect(JSON.stringify(message)).not.toContain('<!channel>');
          }
        },
      ),
      { ...RUNS, examples: [[5000, WORST_OPENINGS, 100]] },
    );
  });
});
