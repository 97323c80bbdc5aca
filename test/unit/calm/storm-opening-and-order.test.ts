import { describe, expect, it } from 'vitest';
import { lineText } from '../../../lambda/domain/calm/group-render.js';
import { stormOpening } from '../../../lambda/domain/calm/storm-opening.js';
import { inPriorityOrder } from '../../../lambda/slack/priority-order.js';
import type { OutboxItem } from '../../../lambda/store/ports.js';
import { incidentFixture } from '../../support/incidents.js';

const OPENED_AT = incidentFixture().openedAt;

describe('Function: stormOpening', () => {
  it('reads the region from an AWS endpoint name and nothing else when there is no cause', () => {
    expect(stormOpening(incidentFixture({ id: 'i1' }), 'dns-probe')).toEqual({
      incidentId: 'i1',
      openedAt: OPENED_AT,
      kind: 'EMPTY',
      source: 'dns-probe',
      region: 'us-east-1',
    });
  });

  it('names a shared resolver outage as the cause, and an AWS Health event’s own region', () => {
    const outage = incidentFixture({
      id: 'i2',
      targetId: 'resolvers/CAUSE',
      kind: 'UNREACHABLE',
      cause: { resolvers: ['10.0.0.53:53'], all: false, affected: [] },
    });
    expect(stormOpening(outage, 'dns-probe')).toMatchObject({ cause: 'resolver 10.0.0.53:53 not answering' });
    expect(stormOpening(outage, 'dns-probe')).not.toHaveProperty('region');
    const health = incidentFixture({
      id: 'i3',
      targetId: 'arn:aws:health:eu-west-1::event/EC2/X/HEALTH',
      kind: 'HEALTH_EVENT',
      facts: { eventArn: 'arn:aws:health:eu-west-1::event/EC2/X', service: 'EC2', region: 'eu-west-1' },
    });
    expect(stormOpening(health, 'aws-health')).toEqual({
      incidentId: 'i3',
      openedAt: OPENED_AT,
      kind: 'HEALTH_EVENT',
      source: 'aws-health',
      region: 'eu-west-1',
    });
  });

  it('says the source is unknown rather than guessing one', () => {
    expect(stormOpening(incidentFixture({ id: 'i4', targetId: 'db.example.test/A' }), undefined)).toEqual({
      incidentId: 'i4',
      openedAt: OPENED_AT,
      kind: 'EMPTY',
      source: 'unknown',
    });
  });
});

describe('Function: inPriorityOrder', () => {
  const item = (incidentId: string, n: number, routine: boolean): OutboxItem =>
    ({
      channel: 'C1',
      incidentId,
      seq: `s${n}`,
      entry: { kind: routine ? 'RECORD_CHANGED' : 'EMPTY' },
    }) as OutboxItem;
  const isRoutine = (i: OutboxItem) => i.entry.kind === 'RECORD_CHANGED';

  it('sends every incident’s state changes before routine entries, keeping each incident’s own order', () => {
    const items = [item('a', 1, true), item('a', 2, false), item('b', 3, true), item('c', 4, false)];
    expect(inPriorityOrder(items, isRoutine).map((i) => i.seq)).toEqual(['s4', 's1', 's2', 's3']);
  });

  it('keeps the outbox order when nothing is routine, or everything is', () => {
    const changes = [item('a', 1, false), item('b', 2, false), item('a', 3, false)];
    expect(inPriorityOrder(changes, isRoutine)).toEqual(changes);
    const routine = [item('a', 1, true), item('b', 2, true), item('a', 3, true)];
    expect(inPriorityOrder(routine, isRoutine)).toEqual(routine);
  });

  it('sends a thread’s few routine items before its state change ahead of other threads’ older routine items', () => {
    // Before: with every head routine, the oldest head went first, so b's EMPTY waited for a's backlog.
    const items = [item('a', 1, true), item('a', 2, true), item('b', 3, true), item('b', 4, false)];
    expect(inPriorityOrder(items, isRoutine).map((i) => i.seq)).toEqual(['s3', 's4', 's1', 's2']);
  });

  it('orders by seq, not by the order the outbox listed them in (state changes are listed first)', () => {
    const listed = [item('a', 3, false), item('a', 1, true), item('b', 2, true)];
    expect(inPriorityOrder(listed, isRoutine).map((i) => i.seq)).toEqual(['s1', 's3', 's2']);
  });
});

describe('Function: lineText', () => {
  it('says an entry’s kind once when its text already starts with it', () => {
    const text = lineText({
      at: '2025-10-20T07:11:00.000Z',
      kind: 'HEALTH_UPDATE',
      text: 'AWS Health update: still investigating',
    });
    expect(text.match(/AWS Health update/gi)).toHaveLength(1);
  });
});
