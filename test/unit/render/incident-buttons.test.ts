import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockProblem } from '../../../emulators/slack/slack-limits.js';
import type { Incident, IncidentStatus } from '../../../lambda/domain/incident.js';
import type { ResolverOutcome } from '../../../lambda/domain/observation.js';
import { renderRootMessage } from '../../../lambda/domain/render/blocks.js';
import {
  BUTTON_LIMITS,
  INCIDENT_ACTIONS,
  INCIDENT_ACTIONS_BLOCK,
  incidentButtons,
} from '../../../lambda/domain/render/incident-buttons.js';
import type { Runbook } from '../../../lambda/domain/runbooks/schema.js';
import { incidentFixture } from '../../support/incidents.js';

const NOW = new Date('2025-10-20T09:53:30.000Z');

function actionsOf(message: { blocks: unknown[] }) {
  return message.blocks.filter(
    (b): b is ReturnType<typeof incidentButtons> =>
      (b as { block_id?: string }).block_id === INCIDENT_ACTIONS_BLOCK,
  );
}

describe('Function: incidentButtons', () => {
  it.each<[IncidentStatus, string[]]>([
    ['open', ['Acknowledge', 'Resolve', 'Add note', 'Show timeline']],
    ['acknowledged', ['Resolve', 'Add note', 'Show timeline']],
    ['resolved', ['Add note', 'Show timeline']],
  ])('an %s incident offers %j', (status, labels) => {
    // Prepare
    const incident = { ...incidentFixture(), status };

    // Act
    const block = incidentButtons(incident);

    // Assess
    expect(block.elements.map((e) => e.text.text)).toEqual(labels);
    expect(new Set(block.elements.map((e) => e.value))).toEqual(new Set([incident.id]));
  });

  it('carries the incident id as the value and action ids the listeners match', () => {
    const block = incidentButtons({ id: 'inc-20251020-065000-abcd1234', status: 'open' });

    expect(block.elements.map((e) => e.action_id)).toEqual([
      INCIDENT_ACTIONS.ack,
      INCIDENT_ACTIONS.resolve,
      INCIDENT_ACTIONS.note,
      INCIDENT_ACTIONS.timeline,
    ]);
    expect(block.elements[0]?.value).toBe('inc-20251020-065000-abcd1234');
  });

  it('stays within Slack limits for any id and status', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 5000 }),
        fc.constantFrom<IncidentStatus>('open', 'acknowledged', 'resolved'),
        (id, status) => {
          const block = incidentButtons({ id, status });
          expect(blockProblem([block])).toBeUndefined();
          expect(block.elements.length).toBeLessThanOrEqual(25);
          expect(block.block_id.length).toBeLessThanOrEqual(BUTTON_LIMITS.blockId);
          for (const e of block.elements) {
            expect(e.value.length).toBeLessThanOrEqual(BUTTON_LIMITS.value);
            expect(e.action_id.length).toBeLessThanOrEqual(BUTTON_LIMITS.actionId);
          }
        },
      ),
    );
  });
});

describe('Function: renderRootMessage (incident buttons)', () => {
  it('puts one row of incident buttons above the id line, and changes it when the incident is resolved', () => {
    const open = renderRootMessage({ incident: incidentFixture(), now: NOW });
    const resolved = renderRootMessage({
      incident: {
        ...incidentFixture(),
        status: 'resolved',
        resolvedAt: NOW.toISOString(),
        resolvedBy: 'cli:ops',
      },
      now: NOW,
    });

    expect(actionsOf(open)).toHaveLength(1);
    expect(open.blocks.at(-2)).toEqual(actionsOf(open)[0]);
    expect(actionsOf(open)[0]?.elements.map((e) => e.action_id)).toContain(INCIDENT_ACTIONS.ack);
    expect(actionsOf(resolved)[0]?.elements.map((e) => e.action_id)).not.toContain(INCIDENT_ACTIONS.ack);
    expect(actionsOf(resolved)[0]?.elements.map((e) => e.action_id)).not.toContain(INCIDENT_ACTIONS.resolve);
  });

  it('keeps the buttons and stays within 50 blocks with a long runbook and many resolvers', () => {
    const runbook: Runbook = {
      id: 'long',
      title: 'A long runbook',
      appliesTo: ['EMPTY'],
      steps: Array.from({ length: 30 }, (_, i) => ({
        title: `Step ${i} ${'t'.repeat(140)}`,
        detail: 'd'.repeat(1900),
        command: 'c'.repeat(1000),
      })),
    };
    const incident: Incident = { ...incidentFixture(), id: `inc-${'x'.repeat(300)}` };
    const evidence: ResolverOutcome[] = Array.from({ length: 400 }, (_, i) => ({
      resolver: `10.0.${i >> 8}.${i & 255}:53`,
      kind: 'NXDOMAIN',
      values: [],
      rcode: 'NXDOMAIN',
      latencyMs: 3,
    }));

    const message = renderRootMessage({ incident, runbook, evidence, now: NOW });

    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(blockProblem(message.blocks)).toBeUndefined();
    expect(actionsOf(message)).toHaveLength(1);
  });
});
