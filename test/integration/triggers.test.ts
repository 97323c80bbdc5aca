import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { createTriggersApp } from '../../lambda/app/triggers.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { FunctionUrlResult } from '../../lambda/service/trigger-endpoint.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { recordingLog } from '../support/slack-fixtures.js';
import { functionUrlEvent, genericHeaders, pagerDutyHeaders, triggerFixture } from '../support/triggers.js';

const TOKEN = 'xoxb-test-token';
const ALERTS = 'C0ALERTS';
const ONCALL = 'C0ONCALL';
const SECRETS = { generic: ['generic-secret'], pagerduty: ['pd-secret'], alertmanager: 'am-token' };
const runbooks = loadRunbooks({ env: {} });

describe('On-call triggers through the Function URL handler code (createTriggersApp + dynalite + Slack emulator)', () => {
  let db: TestStore;
  let slack: FakeSlack;
  let log: ReturnType<typeof recordingLog>;
  let now: Date;

  beforeEach(async () => {
    db = await startTestStore();
    slack = await new FakeSlack({ channels: [ALERTS, ONCALL], rateLimit: false }).start();
    log = recordingLog();
    // The real clock: the outbox sender keeps its own, and a signed trigger is signed now.
    now = new Date(Math.floor(Date.now() / 1000) * 1000);
  });
  afterEach(async () => {
    await slack.stop();
    await db.close();
  });

  function app(triggers: Record<string, unknown> = {}, routes: unknown[] = []) {
    const config = configSchema.parse({
      targets: [{ name: 'dynamodb.us-east-1.amazonaws.com' }],
      slack: { channel: ALERTS, routes },
      triggers,
    });
    return createTriggersApp({
      config,
      store: db.store,
      runbooks,
      secrets: SECRETS,
      channel: ALERTS,
      slack: { channel: ALERTS, token: TOKEN, apiUrl: slack.url, runbooks, giveUpAfterMinutes: 60 },
      log,
      now: () => now,
    });
  }

  const body = (result: FunctionUrlResult) =>
    JSON.parse(result.body) as {
      ok: boolean;
      reason: string;
      results?: { outcome: string; incidentId?: string }[];
    };

  function pagerDuty(fixture: string, options: { base64?: boolean } = {}) {
    const raw = triggerFixture(fixture);
    return functionUrlEvent('/pagerduty', raw, pagerDutyHeaders(['pd-secret'], raw), options);
  }

  function alertmanager(fixture: string) {
    return functionUrlEvent('/alertmanager', triggerFixture(fixture), {
      Authorization: 'Bearer am-token',
      'Content-Type': 'application/json',
    });
  }

  function generic(payload: unknown, signedAt = now) {
    const raw = JSON.stringify(payload);
    return functionUrlEvent('/trigger', raw, genericHeaders('generic-secret', raw, signedAt));
  }

  it('PagerDuty triggered → acknowledged → resolved is one incident with three entries, posted with its runbook', async () => {
    // Prepare
    const triggers = app();
    // Act
    const opened = await triggers.handleFunctionUrl(
      pagerDuty('pagerduty-incident-triggered.json', { base64: true }),
    );
    const acked = await triggers.handleFunctionUrl(pagerDuty('pagerduty-incident-acknowledged.json'));
    const resolved = await triggers.handleFunctionUrl(pagerDuty('pagerduty-incident-resolved.json'));
    await triggers.deliver();
    // Assess
    expect([opened.statusCode, acked.statusCode, resolved.statusCode]).toEqual([200, 200, 200]);
    expect([opened, acked, resolved].map((r) => body(r).results?.[0]?.outcome)).toEqual([
      'opened',
      'acknowledged',
      'resolved',
    ]);
    const incidents = await db.store.incidents.list(10);
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident).toMatchObject({
      targetId: 'trigger:pagerduty:PGR0VU2',
      kind: 'TRIGGERED',
      status: 'resolved',
      title: 'TRIGGERED: checkout-api via PagerDuty',
      acknowledgedBy: 'pagerduty:Tenex Engineer',
      resolvedBy: 'pagerduty:Tenex Engineer',
      channel: ALERTS,
    });
    expect(incident?.facts).toMatchObject({
      severity: 'critical',
      senderSeverity: 'P1',
      sender: 'PagerDuty',
    });
    const timeline = await db.store.incidents.listTimeline(incident?.id as string);
    expect(timeline.map((e) => [e.kind, e.at])).toEqual([
      ['OPENED', '2025-10-20T06:50:00.000Z'],
      ['ACKNOWLEDGED', '2025-10-20T06:53:10.000Z'],
      ['RESOLVED', '2025-10-20T09:24:00.000Z'],
    ]);
    const [root] = slack.roots(ALERTS);
    const rendered = JSON.stringify([
      root?.text,
      root?.blocks,
      ...(root?.updates ?? []).map((u) => u.blocks),
    ]);
    expect(rendered).toContain(
      'PagerDuty triggered an alert for checkout-api (P1): #2 DynamoDB endpoint returns no addresses.',
    );
    expect(rendered).toContain('Runbook: On-call trigger: checkout-api');
    expect(
      slack
        .replies(ALERTS, root?.ts as string)
        .map((m) => m.text)
        .join('\n'),
    ).toMatch(/Acknowledged by pagerduty:Tenex Engineer[\s\S]*Resolved by pagerduty:Tenex Engineer/);
  });

  it('applies the same PagerDuty webhook delivered twice once', async () => {
    const triggers = app();
    const first = await triggers.handleFunctionUrl(pagerDuty('pagerduty-incident-triggered.json'));
    const again = await triggers.handleFunctionUrl(pagerDuty('pagerduty-incident-triggered.json'));
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(body(again).results?.[0]?.outcome).toBe('duplicate');
    const [incident] = await db.store.incidents.list(10);
    expect(await db.store.incidents.list(10)).toHaveLength(1);
    expect((await db.store.incidents.listTimeline(incident?.id as string)).map((e) => e.kind)).toEqual([
      'OPENED',
    ]);
    expect(incident?.version).toBe(1);
  });

  it('answers PagerDuty 200 for an event type it does not act on, writing nothing', async () => {
    const result = await app().handleFunctionUrl(pagerDuty('pagerduty-incident-annotated.json'));
    expect(result.statusCode).toBe(200);
    expect(await db.store.incidents.list(10)).toHaveLength(0);
    expect(
      log.lines.some(
        (l) => l.message === 'trigger ignored' && String(l.extra?.reason).includes('incident.annotated'),
      ),
    ).toBe(true);
  });

  it('Alertmanager: each firing alert opens its own incident with the named runbook; resolved resolves that one; a repeat changes nothing', async () => {
    // Prepare
    const triggers = app({ alertmanager: { channel: ONCALL } });
    // Act
    const firing = await triggers.handleFunctionUrl(alertmanager('alertmanager-firing.json'));
    const repeat = await triggers.handleFunctionUrl(alertmanager('alertmanager-firing.json'));
    const resolved = await triggers.handleFunctionUrl(alertmanager('alertmanager-resolved.json'));
    await triggers.deliver();
    // Assess
    expect(body(firing).results?.map((r) => r.outcome)).toEqual(['opened', 'opened']);
    expect(body(repeat).results?.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate']);
    expect(body(resolved).results?.map((r) => r.outcome)).toEqual(['resolved']);
    const incidents = await db.store.incidents.list(10);
    const byTarget = Object.fromEntries(incidents.map((i) => [i.targetId, i]));
    expect(byTarget['trigger:alertmanager:1a30ba71cca2921f']).toMatchObject({
      status: 'resolved',
      resolvedBy: 'alertmanager',
      resolvedAt: '2025-10-20T09:20:30.000Z',
      channel: ONCALL,
    });
    expect(byTarget['trigger:alertmanager:7c2b9e40d1f3a8b5']).toMatchObject({
      status: 'open',
      channel: ONCALL,
    });
    expect(byTarget['trigger:alertmanager:1a30ba71cca2921f']?.facts).toMatchObject({
      severity: 'critical',
      runbook: 'dns-empty',
    });
    expect(byTarget['trigger:alertmanager:7c2b9e40d1f3a8b5']?.facts).toMatchObject({ severity: 'medium' });
    // The alert naming dns-empty shows that runbook; the other the default for triggers.
    const roots = slack
      .roots(ONCALL)
      .map((m) => JSON.stringify([m.blocks, ...m.updates.map((u) => u.blocks)]));
    expect(roots).toHaveLength(2);
    expect(roots.filter((r) => r.includes('Runbook: On-call trigger: DnsEmptyAnswer'))).toHaveLength(1);
    expect(roots.filter((r) => r.includes('Runbook: EMPTY DNS answer for DnsEmptyAnswer'))).toHaveLength(1);
    expect(slack.roots(ALERTS)).toHaveLength(0);
  });

  it('refuses a replayed generic trigger with 401 and a log line, having applied it once', async () => {
    const triggers = app();
    const event = generic({ name: 'checkout-api', summary: 'Error rate above 5%' });
    const first = await triggers.handleFunctionUrl(event);
    const replay = await triggers.handleFunctionUrl(event);
    expect(first.statusCode).toBe(200);
    expect(replay.statusCode).toBe(401);
    expect(body(replay).reason).toBe('X-Lookout-Signature: already used (a replayed request)');
    expect(await db.store.incidents.list(10)).toHaveLength(1);
    expect(log.lines.filter((l) => l.message === 'trigger refused' && l.extra?.status === 401)).toHaveLength(
      1,
    );
  });

  it('refuses a replay that lists junk signatures before the valid one, even after a resolve', async () => {
    // Prepare: the signed trigger was applied, then resolved by another signed request
    const triggers = app();
    const raw = JSON.stringify({ name: 'checkout-api', summary: 'Error rate above 5%' });
    const headers = genericHeaders('generic-secret', raw, now);
    const valid = headers['X-Lookout-Signature'] as string;
    const withSignature = (signature: string) =>
      functionUrlEvent('/trigger', raw, { ...headers, 'X-Lookout-Signature': signature });
    const first = await triggers.handleFunctionUrl(withSignature(valid));
    const resolve = await triggers.handleFunctionUrl(generic({ name: 'checkout-api', action: 'resolve' }));
    // Act: the same timestamp and body, the header reordered or padded
    const replays = [
      await triggers.handleFunctionUrl(withSignature(`v1=${'0'.repeat(64)},${valid}`)),
      await triggers.handleFunctionUrl(withSignature(`v1=${'1'.repeat(64)}, ${valid}`)),
      await triggers.handleFunctionUrl(withSignature(`${valid},v1=${'2'.repeat(64)}`)),
    ];
    // Assess
    expect([first.statusCode, resolve.statusCode]).toEqual([200, 200]);
    expect(replays.map((r) => r.statusCode)).toEqual([401, 401, 401]);
    expect(replays.map((r) => body(r).reason)).toEqual(
      Array(3).fill('X-Lookout-Signature: already used (a replayed request)'),
    );
    const incidents = await db.store.incidents.list(10);
    expect(incidents.map((i) => i.status)).toEqual(['resolved']);
  });

  it('refuses unsigned, badly signed and stale generic triggers with 401, creating nothing', async () => {
    const triggers = app();
    const raw = JSON.stringify({ name: 'checkout-api' });
    const unsigned = await triggers.handleFunctionUrl(functionUrlEvent('/trigger', raw, {}));
    const wrong = await triggers.handleFunctionUrl(
      functionUrlEvent('/trigger', raw, genericHeaders('guess', raw, now)),
    );
    const stale = await triggers.handleFunctionUrl(
      generic({ name: 'checkout-api' }, new Date(now.getTime() - 6 * 60_000)),
    );
    const pdWrong = await triggers.handleFunctionUrl(
      functionUrlEvent(
        '/pagerduty',
        triggerFixture('pagerduty-incident-triggered.json'),
        pagerDutyHeaders(['guess'], triggerFixture('pagerduty-incident-triggered.json')),
      ),
    );
    const amWrong = await triggers.handleFunctionUrl(
      functionUrlEvent('/alertmanager', triggerFixture('alertmanager-firing.json'), {
        Authorization: 'Bearer guess',
      }),
    );
    expect([unsigned, wrong, stale, pdWrong, amWrong].map((r) => r.statusCode)).toEqual([
      401, 401, 401, 401, 401,
    ]);
    expect(body(stale).reason).toMatch(/^X-Lookout-Timestamp: \d+ is 360 s from now/);
    expect(await db.store.incidents.list(10)).toHaveLength(0);
    expect(log.lines.filter((l) => l.message === 'trigger refused')).toHaveLength(5);
  });

  it('refuses a body over 256 KB with 413, invalid JSON with 400 and an unknown runbook with 422, each with a reason and a log line', async () => {
    const triggers = app();
    const big = JSON.stringify({ name: 'checkout-api', summary: 'x'.repeat(300 * 1024) });
    const oversize = await triggers.handleFunctionUrl(
      functionUrlEvent('/trigger', big, genericHeaders('generic-secret', big, now), { base64: true }),
    );
    const notJson = '{"name": "checkout-api",';
    const invalid = await triggers.handleFunctionUrl(
      functionUrlEvent('/trigger', notJson, genericHeaders('generic-secret', notJson, now)),
    );
    const unknownField = await triggers.handleFunctionUrl(
      generic({ name: 'checkout-api', runbok: 'dns-empty' }),
    );
    const unknownRunbook = await triggers.handleFunctionUrl(
      generic({ name: 'checkout-api', runbook: 'dns-emty' }),
    );
    expect(oversize.statusCode).toBe(413);
    expect(body(oversize).reason).toMatch(/^body: \d+ bytes is over the 262144-byte \(256 KB\) limit$/);
    expect(invalid.statusCode).toBe(400);
    expect(body(invalid).reason).toMatch(/^body: not valid JSON/);
    expect(unknownField.statusCode).toBe(400);
    expect(body(unknownField).reason).toMatch(/runbok/);
    expect(unknownRunbook.statusCode).toBe(422);
    expect(body(unknownRunbook).reason).toMatch(/^runbook: no runbook "dns-emty" \(known: .*dns-empty.*\)$/);
    expect(oversize.headers['content-type']).toBe('application/json');
    expect(await db.store.incidents.list(10)).toHaveLength(0);
    expect(log.lines.filter((l) => l.message === 'trigger refused').map((l) => l.extra?.status)).toEqual([
      413, 400, 400, 422,
    ]);
  });

  it('a generic trigger names its runbook, joins the open incident of the same key, and is acknowledged and resolved by action', async () => {
    const triggers = app();
    const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    const opened = await triggers.handleFunctionUrl(
      generic(JSON.parse(triggerFixture('generic-trigger.json'))),
    );
    const again = await triggers.handleFunctionUrl(
      generic({ name: 'checkout-api', id: 'deploy-42-second', summary: 'Still above 5%' }, later(10)),
    );
    const acked = await triggers.handleFunctionUrl(
      generic({ name: 'checkout-api', id: 'ack-1', action: 'acknowledge', by: 'ana' }, later(20)),
    );
    const resolved = await triggers.handleFunctionUrl(
      generic({ name: 'checkout-api', id: 'res-1', action: 'resolve' }, later(30)),
    );
    await triggers.deliver();
    expect([opened, again, acked, resolved].map((r) => body(r).results?.[0]?.outcome)).toEqual([
      'opened',
      'updated',
      'acknowledged',
      'resolved',
    ]);
    const [incident] = await db.store.incidents.list(10);
    expect(incident).toMatchObject({
      targetId: 'trigger:generic:checkout-api',
      acknowledgedBy: 'trigger:ana',
      resolvedBy: 'trigger',
      status: 'resolved',
    });
    expect(incident?.facts).toMatchObject({ runbook: 'dns-empty', severity: 'high', senderSeverity: 'P2' });
    const timeline = await db.store.incidents.listTimeline(incident?.id as string);
    expect(timeline.map((e) => e.kind)).toEqual(['OPENED', 'TRIGGERED', 'ACKNOWLEDGED', 'RESOLVED']);
    const dnsEmpty = runbooks.find((r) => r.id === 'dns-empty');
    const [root] = slack.roots(ALERTS);
    expect(JSON.stringify(root?.blocks)).toContain(`Runbook: ${dnsEmpty?.title.split('{{')[0]}`);
  });

  it('an EventBridge lookout.trigger event goes through the same schema and engine', async () => {
    const triggers = app();
    const event = JSON.parse(triggerFixture('eventbridge-trigger.json'));
    const [result] = await triggers.handleEvent(event);
    const [again] = await triggers.handleEvent(event);
    expect(result?.outcome).toBe('opened');
    expect(again?.outcome).toBe('duplicate');
    const [incident] = await db.store.incidents.list(10);
    expect(incident).toMatchObject({
      targetId: 'trigger:generic:payments-worker',
      openedAt: '2025-10-20T06:51:00.000Z',
    });
    expect(incident?.facts).toMatchObject({ sender: 'An EventBridge trigger', severity: 'critical' });
    await expect(triggers.handleEvent({ ...event, detail: { summary: 'no name' } })).rejects.toThrow(
      /^invalid trigger: detail\.name: /,
    );
  });

  it('routes a trigger incident by the slack.routes rules (source trigger, severity) when the triggers section names no channel', async () => {
    const triggers = app({}, [
      { match: { sources: ['trigger'], severities: ['critical'] }, channels: [ONCALL] },
      { match: { sources: ['dns'] }, channels: ['C0DNS'] },
    ]);
    await triggers.handleFunctionUrl(generic({ name: 'checkout-api', id: 'a', severity: 'P1' }));
    await triggers.handleFunctionUrl(generic({ name: 'billing', id: 'b', severity: 'low' }));
    const incidents = await db.store.incidents.list(10);
    const channelOf = (name: string) => incidents.find((i) => i.facts.name === name)?.channel;
    expect(channelOf('checkout-api')).toBe(ONCALL);
    expect(channelOf('billing')).toBe(ALERTS);
    expect(incidents.find((i) => i.facts.name === 'checkout-api')?.severity).toBe('critical');
  });

  it('refuses at start a config whose default runbook does not exist', () => {
    expect(() => app({ pagerduty: { runbook: 'nope' } })).toThrow(
      /^triggers\.pagerduty\.runbook: no runbook "nope"/,
    );
  });
});
