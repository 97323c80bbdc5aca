import { describe, expect, it } from 'vitest';
import {
  joinGroup,
  MAX_GROUP_LINES,
  mayJoin,
  openGroup,
  type ReplyGroup,
  renderGroupReply,
} from '../../../lambda/domain/calm/reply-group.js';
import type { TimelineEntry } from '../../../lambda/domain/incident.js';
import { messageProblems } from '../../support/block-kit-limits.js';
import { recordChange, t } from './fixtures.js';

const NOW = new Date('2025-10-20T07:48:13.000Z');

function groupOf(entries: TimelineEntry[]): ReplyGroup {
  const [first, ...rest] = entries as [TimelineEntry, ...TimelineEntry[]];
  return rest.reduce((g, e, i) => joinGroup(g, e, `seq-${i + 1}`), openGroup(first, 'seq-0', NOW));
}

function allText(group: ReplyGroup): string {
  return JSON.stringify(renderGroupReply(group).blocks);
}

describe('Function: openGroup / joinGroup', () => {
  it('opens a group named by its first entry, windowed from the delivery clock', () => {
    const group = openGroup(recordChange(1, t(0), 'enactor-1'), 'seq-0', NOW);

    expect(group).toMatchObject({
      id: 'record_changed-1',
      incidentId: 'inc-1',
      openedAt: NOW.toISOString(),
      firstAt: t(0),
      lastAt: t(0),
      count: 1,
      kinds: { RECORD_CHANGED: 1 },
      writers: ['enactor-1'],
      seqs: ['seq-0'],
    });
    expect(group.lines).toEqual([
      {
        at: t(0),
        kind: 'RECORD_CHANGED',
        writer: 'enactor-1',
        action: 'UPSERT',
        values: '10.0.0.1',
        changeId: 'C000001',
        text: 'enactor-1 UPSERT dynamodb.us-east-1.amazonaws.com A → 10.0.0.1',
      },
    ]);
  });

  it('counts a redelivered seq once', () => {
    const group = groupOf([recordChange(1, t(0), 'enactor-1'), recordChange(2, t(100), 'enactor-2')]);

    expect(joinGroup(group, recordChange(2, t(100), 'enactor-2'), 'seq-1')).toBe(group);
  });

  it('keeps firstAt and lastAt as the earliest and latest entry times, whatever the arrival order', () => {
    const group = groupOf([
      recordChange(1, t(500), 'enactor-1'),
      recordChange(2, t(1400), 'enactor-2'),
      recordChange(3, t(0), 'enactor-3'),
    ]);

    expect([group.firstAt, group.lastAt]).toEqual([t(0), t(1400)]);
    expect(group.lines.map((l) => l.at)).toEqual([t(0), t(500), t(1400)]);
  });

  it('keeps the newest lines and every count', () => {
    const entries = Array.from({ length: 40 }, (_, i) => recordChange(i, t(i * 10), `enactor-${i % 3}`));
    const group = groupOf(entries);

    expect(group.count).toBe(40);
    expect(group.lines).toHaveLength(MAX_GROUP_LINES);
    expect(group.lines[0]?.at).toBe(t(150));
    expect(group.writers).toEqual(['enactor-0', 'enactor-1', 'enactor-2']);
  });

  it('names the writer by session, else role, else principal', () => {
    const base = recordChange(1, t(0), 'x');
    const writer = (w: object) =>
      ({ ...base, changes: [{ ...base.changes?.[0], writer: w }] }) as TimelineEntry;
    const group = groupOf([
      writer({ principalArn: 'arn:aws:iam::1:user/alice', roleName: 'alice' }),
      writer({ principalArn: 'arn:aws:iam::1:root' }),
    ]);

    expect(group.writers).toEqual(['alice', 'arn:aws:iam::1:root']);
  });
});

describe('Function: mayJoin', () => {
  const group = openGroup(recordChange(1, t(0), 'enactor-1'), 'seq-0', NOW);

  it('lets entries join until the window from its opening has passed', () => {
    expect(mayJoin(group, new Date(NOW.getTime() + 9_999), 10_000)).toBe(true);
    expect(mayJoin(group, new Date(NOW.getTime() + 10_000), 10_000)).toBe(false);
  });

  it('lets nothing join a closed group', () => {
    expect(mayJoin({ ...group, closed: true }, NOW, 10_000)).toBe(false);
  });
});

describe('Function: renderGroupReply', () => {
  it('says how many changes, by whom and how fast, then lists them', () => {
    const group = groupOf(
      Array.from({ length: 14 }, (_, i) =>
        recordChange(i, t(Math.round((i * 1400) / 13)), `enactor-${(i % 3) + 1}`),
      ),
    );
    const message = renderGroupReply(group);

    expect(message.text).toBe(
      '14 record changes by enactor-1, enactor-2, enactor-3 in 1.4 s (incident inc-1)',
    );
    expect(allText(group)).toContain('• 07:48:13.400 UTC · *enactor-2* · UPSERT · 10.0.0.13 · `C000013`');
    expect(allText(group)).not.toContain('earlier not shown');
    expect(messageProblems(message)).toEqual([]);
  });

  it('gives the time of a single entry', () => {
    const message = renderGroupReply(groupOf([recordChange(1, t(0), 'enactor-1')]));

    expect(message.text).toMatch(/^1 record change by enactor-1 at 07:48:12 UTC /);
  });

  it('gives the time in the zone asked for', () => {
    const message = renderGroupReply(groupOf([recordChange(1, t(0), 'enactor-1')]), 'Asia/Kolkata');

    expect(message.text).toMatch(/at 13:18:12 UTC\+05:30/);
  });

  it('counts each kind when kinds are mixed, and tells automation notes and answer changes', () => {
    const note: TimelineEntry = {
      incidentId: 'inc-1',
      entryId: 'note-1',
      at: t(2000),
      kind: 'NOTE',
      source: 'route53-snapshot',
      text: 'snapshot taken',
    };
    const changed: TimelineEntry = {
      ...note,
      entryId: 'changed-1',
      kind: 'CHANGED',
      source: 'dns-probe',
      text: 'now 10.0.0.9',
    };
    const group = groupOf([
      recordChange(1, t(0), 'enactor-1'),
      recordChange(2, t(10), 'enactor-1'),
      note,
      changed,
    ]);

    expect(renderGroupReply(group).text).toBe(
      '4 updates (2 record changes, 1 answer change, 1 note from automation) by enactor-1 in 2.0 s (incident inc-1)',
    );
    expect(allText(group)).toContain('Note: snapshot taken');
  });

  it('says “all at” when several entries share one time', () => {
    const group = groupOf([recordChange(1, t(0), 'enactor-1'), recordChange(2, t(0), 'enactor-2')]);

    expect(renderGroupReply(group).text).toMatch(
      /^2 record changes by enactor-1, enactor-2 all at 07:48:12 UTC /,
    );
  });

  it('names five writers and counts the rest, saying when there were more than it kept', () => {
    const group = groupOf(Array.from({ length: 30 }, (_, i) => recordChange(i, t(i), `w${i}`)));

    expect(group.writers).toHaveLength(20);
    expect(renderGroupReply(group).text).toMatch(
      /^30 record changes by w0, w1, w2, w3, w4 and 15\+ more in /,
    );
  });

  it('lists an AWS Health update by its words and text', () => {
    const update: TimelineEntry = {
      incidentId: 'inc-1',
      entryId: 'health_update-1',
      at: t(0),
      kind: 'HEALTH_UPDATE',
      source: 'aws-health',
      text: 'AWS says: we are seeing recovery',
    };

    expect(renderGroupReply(groupOf([update])).text).toMatch(/^1 AWS Health update at 07:48:12 UTC/);
    expect(allText(groupOf([update]))).toContain(
      '• 07:48:12.000 UTC · AWS Health update: AWS says: we are seeing recovery',
    );
  });

  it('says how many earlier lines were left out, and where they all are', () => {
    const group = groupOf(Array.from({ length: 30 }, (_, i) => recordChange(i, t(i), 'enactor-1')));

    expect(allText(group)).toContain('… and 5 earlier not shown — `/lookout show inc-1` has them all');
  });

  it('escapes what the writers and values say', () => {
    const group = groupOf([recordChange(1, t(0), '<!channel>', ['<http://evil|click> & co'])]);
    const text = allText(group);

    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;http://evil|click&gt; &amp; co');
  });
});
