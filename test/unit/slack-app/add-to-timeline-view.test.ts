import { describe, expect, it } from 'vitest';
import { viewProblems } from '../../../emulators/slack/view-limits.js';
import { copiedMessageEntry } from '../../../lambda/domain/incidents/copied-message.js';
import { dnsTargetOf } from '../../../lambda/slack/app/listeners/actions/runbook-step-recheck.js';
import { parseStepRef } from '../../../lambda/slack/app/listeners/actions/runbook-step-ref.js';
import {
  addToTimelineView,
  choosable,
  decodeMessage,
} from '../../../lambda/slack/app/listeners/views/add-to-timeline-view.js';
import { incidentFixture } from '../../support/incidents.js';

const many = Array.from({ length: 150 }, (_, i) =>
  incidentFixture({
    id: `inc-20261202-${String(i).padStart(4, '0')}-${'x'.repeat(40)}`,
    title: `EMPTY: ${'very-long-label.'.repeat(12)}example.test A`,
    openedAt: new Date(Date.UTC(2026, 11, 2, 0, i)).toISOString(),
    status: i % 10 === 0 ? 'resolved' : 'open',
  }),
);

describe('Function: addToTimelineView', () => {
  it('offers at most 100 open incidents, newest first, within the modal limits, whatever the message', () => {
    // Prepare
    const message = {
      channel: 'C0ALERTS',
      ts: '1764633600.000100',
      author: 'U0BOB',
      excerpt: '"<&>"\n'.repeat(600),
    };

    // Act
    const open = choosable(many);
    const view = addToTimelineView(open, message);

    // Assess
    expect(open).toHaveLength(100);
    expect(open.some((i) => i.status === 'resolved')).toBe(false);
    expect((open[0]?.openedAt ?? '') > (open[1]?.openedAt ?? '')).toBe(true);
    expect(viewProblems(view)).toEqual([]);
    expect(view.private_metadata.length).toBeLessThanOrEqual(3000);
    for (const option of view.blocks[1]?.element?.options ?? []) {
      expect(option.text.text.length).toBeLessThanOrEqual(75);
      expect(option.value.length).toBeLessThanOrEqual(150);
    }
    expect(JSON.stringify(view.blocks[0])).not.toContain('<&>');
    expect(decodeMessage(view.private_metadata)).toMatchObject({ channel: 'C0ALERTS', author: 'U0BOB' });
  });

  it('reads back no message from metadata it did not write', () => {
    expect(decodeMessage('not json')).toBeUndefined();
    expect(decodeMessage('{"channel":"C1","ts":"yesterday","excerpt":""}')).toBeUndefined();
  });
});

describe('Function: copiedMessageEntry', () => {
  it('dates the entry at the message, keys it by message, and keeps author, permalink and text', () => {
    // Act
    const entry = copiedMessageEntry({
      incidentId: 'inc-1',
      channel: 'C0ALERTS',
      ts: '1764633600.000100',
      author: 'U0BOB',
      excerpt: 'db is empty',
      permalink: 'https://lookout-test.slack.com/archives/C0ALERTS/p1764633600000100',
      by: 'slack:U0ALICE (@alice)',
      byFacts: { slackUserId: 'U0ALICE' },
    });
    const again = copiedMessageEntry({
      incidentId: 'inc-1',
      channel: 'C0ALERTS',
      ts: '1764633600.000100',
      excerpt: 'db is empty',
      by: 'slack:U0CAROL',
      byFacts: {},
    });

    // Assess
    expect(entry.at).toBe('2025-12-02T00:00:00.000Z');
    expect(entry.entryId).toBe(again.entryId);
    expect(entry.text).toBe(
      'Slack message by U0BOB at 2025-12-02 00:00:00 UTC, added by slack:U0ALICE (@alice): "db is empty" https://lookout-test.slack.com/archives/C0ALERTS/p1764633600000100',
    );
    expect(again.text).toContain('by an unknown author');
    expect(again.text).toContain('(Slack gave no permalink)');
  });
});

describe('Function: parseStepRef and dnsTargetOf', () => {
  it('reads only the step values Lookout renders', () => {
    expect(parseStepRef('{"i":"inc-1","r":"dns-empty","n":3,"t":"Look"}')).toEqual({
      incidentId: 'inc-1',
      runbookId: 'dns-empty',
      step: 3,
      title: 'Look',
    });
    expect(parseStepRef('{"i":"inc-1","r":"dns-empty","n":0,"t":"Look"}')).toBeUndefined();
    expect(parseStepRef('inc-1|3')).toBeUndefined();
    expect(parseStepRef(undefined)).toBeUndefined();
  });

  it('re-checks DNS targets only', () => {
    expect(dnsTargetOf('db.example.test/A')).toEqual({ name: 'db.example.test', type: 'A' });
    expect(dnsTargetOf('aws-health/DYNAMODB/us-east-1')).toBeUndefined();
    expect(dnsTargetOf('db.example.test')).toBeUndefined();
  });
});
