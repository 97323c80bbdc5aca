import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTriggersApp } from '../../lambda/app/triggers.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { FunctionUrlResult } from '../../lambda/service/trigger-endpoint.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { recordingLog } from '../support/slack-fixtures.js';
import { functionUrlEvent, pagerDutyHeaders, triggerFixture } from '../support/triggers.js';

const SECRETS = { generic: ['generic-secret'], pagerduty: ['pd-secret'], alertmanager: 'am-token' };
const runbooks = loadRunbooks({ env: {} });
const SUBJECT = 'trigger:pagerduty:PGR0VU2';

/** A signed v3 webhook for incident PGR0VU2: the documented payload with this event's type, id and time. */
function webhook(type: string, id: string, occurredAt: string, agent = true) {
  const payload = JSON.parse(triggerFixture('pagerduty-incident-acknowledged.json')) as {
    event: Record<string, unknown>;
  };
  const raw = JSON.stringify({
    event: {
      ...payload.event,
      id,
      event_type: `incident.${type}`,
      occurred_at: occurredAt,
      ...(agent ? {} : { agent: null }),
    },
  });
  return functionUrlEvent('/pagerduty', raw, pagerDutyHeaders(['pd-secret'], raw));
}

describe('PagerDuty v3 lifecycle out of order (signed webhooks through the Function URL handler code)', () => {
  let db: TestStore;

  beforeEach(async () => {
    db = await startTestStore();
  });
  afterEach(async () => db.close());

  function app() {
    const config = configSchema.parse({ targets: [{ name: 'dynamodb.us-east-1.amazonaws.com' }] });
    return createTriggersApp({
      config,
      store: db.store,
      runbooks,
      secrets: SECRETS,
      log: recordingLog(),
      now: () => new Date('2025-10-20T10:00:00.000Z'),
    });
  }
  const outcome = (r: FunctionUrlResult) =>
    (JSON.parse(r.body) as { results?: { outcome: string; reason?: string }[] }).results?.[0];
  const incidents = async () => (await db.store.incidents.list(10)).filter((i) => i.targetId === SUBJECT);
  const kinds = async (id: string) => (await db.store.incidents.listTimeline(id)).map((e) => e.kind);

  it('an acknowledgement before its trigger opens the incident from its own data, acknowledged; the late trigger changes nothing', async () => {
    // Prepare
    const triggers = app();
    // Act
    const acked = await triggers.handleFunctionUrl(webhook('acknowledged', 'E-ACK', '2025-10-20T06:53:10Z'));
    const late = await triggers.handleFunctionUrl(webhook('triggered', 'E-TRIG', '2025-10-20T06:50:00Z'));
    // Assess
    expect(outcome(acked)?.outcome).toBe('acknowledged');
    expect(outcome(late)?.outcome).toBe('unchanged');
    const [incident, ...others] = await incidents();
    expect(others).toHaveLength(0);
    expect(incident).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'pagerduty:Tenex Engineer',
      openedAt: '2025-10-20T06:50:00.000Z',
      facts: { url: 'https://acme.pagerduty.com/incidents/PGR0VU2', senderSeverity: 'P1' },
    });
    expect(await kinds(incident?.id as string)).toEqual(['OPENED', 'ACKNOWLEDGED']);
  });

  it('a resolve before its trigger leaves a resolved incident, and the late trigger and acknowledgement do not reopen it', async () => {
    // Prepare
    const triggers = app();
    // Act
    const resolved = await triggers.handleFunctionUrl(webhook('resolved', 'E-RES', '2025-10-20T09:24:00Z'));
    const trigger = await triggers.handleFunctionUrl(webhook('triggered', 'E-TRIG', '2025-10-20T06:50:00Z'));
    const ack = await triggers.handleFunctionUrl(webhook('acknowledged', 'E-ACK', '2025-10-20T06:53:10Z'));
    // Assess
    expect(outcome(resolved)?.outcome).toBe('resolved');
    expect(outcome(trigger)).toMatchObject({ outcome: 'unchanged' });
    expect(outcome(trigger)?.reason).toContain('2025-10-20T09:24:00.000Z');
    expect(outcome(ack)?.outcome).toBe('unchanged');
    const all = await incidents();
    expect(all.map((i) => [i.status, i.resolvedAt])).toEqual([['resolved', '2025-10-20T09:24:00.000Z']]);
    expect(await db.store.incidents.openClaim(SUBJECT)).toBeUndefined();
  });

  it('incident.reopened after a resolve opens a new incident (resolved ones are never reopened); a stale resolve then changes nothing', async () => {
    // Prepare
    const triggers = app();
    await triggers.handleFunctionUrl(webhook('triggered', 'E-TRIG', '2025-10-20T06:50:00Z'));
    await triggers.handleFunctionUrl(webhook('resolved', 'E-RES', '2025-10-20T07:00:00Z'));
    // Act
    const reopened = await triggers.handleFunctionUrl(
      webhook('reopened', 'E-REOPEN', '2025-10-20T08:00:00Z'),
    );
    const stale = await triggers.handleFunctionUrl(webhook('resolved', 'E-RES-OLD', '2025-10-20T06:55:00Z'));
    // Assess
    expect(outcome(reopened)?.outcome).toBe('reopened');
    expect(outcome(stale)?.outcome).toBe('unchanged');
    const all = await incidents();
    expect(all.map((i) => i.status).sort()).toEqual(['open', 'resolved']);
    const reopenedIncident = all.find((i) => i.status === 'open');
    expect(reopenedIncident?.openedAt).toBe('2025-10-20T08:00:00.000Z');
    const [opened] = await db.store.incidents.listTimeline(reopenedIncident?.id as string);
    expect(opened?.text).toContain('PagerDuty reopened checkout-api');
  });

  it('a resolve older than a reopen that arrived first does not resolve the reopened incident', async () => {
    // Prepare
    const triggers = app();
    await triggers.handleFunctionUrl(webhook('triggered', 'E-TRIG', '2025-10-20T06:50:00Z'));
    // Act
    const reopened = await triggers.handleFunctionUrl(
      webhook('reopened', 'E-REOPEN', '2025-10-20T08:00:00Z'),
    );
    const late = await triggers.handleFunctionUrl(webhook('resolved', 'E-RES', '2025-10-20T07:00:00Z'));
    // Assess
    expect(outcome(reopened)?.outcome).toBe('unchanged');
    expect(outcome(late)?.outcome).toBe('unchanged');
    expect((await incidents()).map((i) => i.status)).toEqual(['open']);
  });

  it('incident.unacknowledged clears the acknowledgement and says so in the timeline; an older one changes nothing', async () => {
    // Prepare
    const triggers = app();
    await triggers.handleFunctionUrl(webhook('triggered', 'E-TRIG', '2025-10-20T06:50:00Z'));
    await triggers.handleFunctionUrl(webhook('acknowledged', 'E-ACK', '2025-10-20T06:53:10Z'));
    // Act
    const older = await triggers.handleFunctionUrl(
      webhook('unacknowledged', 'E-UN0', '2025-10-20T06:52:00Z', false),
    );
    const unacked = await triggers.handleFunctionUrl(
      webhook('unacknowledged', 'E-UN', '2025-10-20T07:23:10Z', false),
    );
    // Assess
    expect(outcome(older)?.outcome).toBe('unchanged');
    expect(outcome(unacked)?.outcome).toBe('unacknowledged');
    const [incident] = await incidents();
    expect(incident?.status).toBe('open');
    expect(incident?.acknowledgedBy).toBeUndefined();
    const timeline = await db.store.incidents.listTimeline(incident?.id as string);
    expect(timeline.map((e) => e.kind)).toEqual(['OPENED', 'ACKNOWLEDGED', 'NOTE']);
    expect(timeline[2]?.text).toBe('Unacknowledged in PagerDuty');
  });

  it('an acknowledgement older than an unacknowledgement already applied does not acknowledge again; a newer one does', async () => {
    // Prepare
    const triggers = app();
    await triggers.handleFunctionUrl(webhook('triggered', 'E-TRIG', '2025-10-20T06:50:00Z'));
    await triggers.handleFunctionUrl(webhook('acknowledged', 'E-ACK1', '2025-10-20T06:51:00Z'));
    await triggers.handleFunctionUrl(webhook('unacknowledged', 'E-UN', '2025-10-20T07:21:00Z', false));
    // Act
    const late = await triggers.handleFunctionUrl(webhook('acknowledged', 'E-ACK0', '2025-10-20T07:00:00Z'));
    const afterLate = (await incidents()).map((i) => i.status);
    const fresh = await triggers.handleFunctionUrl(webhook('acknowledged', 'E-ACK2', '2025-10-20T07:30:00Z'));
    // Assess
    expect(outcome(late)).toMatchObject({ outcome: 'unchanged' });
    expect(outcome(late)?.reason).toContain('unacknowledged it at 2025-10-20T07:21:00.000Z');
    expect(afterLate).toEqual(['open']);
    expect(outcome(fresh)?.outcome).toBe('acknowledged');
  });
});
