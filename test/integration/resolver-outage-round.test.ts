import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { createProbeApp } from '../../lambda/app/probe.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { Incident } from '../../lambda/domain/incident.js';
import type { Observation, OutcomeKind } from '../../lambda/domain/observation.js';
import type { Target } from '../../lambda/domain/targets.js';
import { silentLog } from '../../lambda/ports/log.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { OutboxSender } from '../../lambda/slack/outbox-sender.js';
import { SlackPoster } from '../../lambda/slack/slack-poster.js';
import { IncidentRepo } from '../../lambda/store/incident-repo.js';
import type { Store } from '../../lambda/store/store.js';
import { TableClient } from '../../lambda/store/table-client.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { observeEach, outcome, target } from '../support/observations.js';

/**
 * The probe round's side of "one resolver down is one incident", with scripted DNS answers so each
 * round says exactly what every target got: a target left dark once its server answers the others
 * goes its own way, a crash between state and incident heals into the same one incident, and two
 * copies running the same round converge on it.
 */

const TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0ALERTS';
const A = '10.0.0.1:53';
const B = '10.0.0.2:53';
const T0 = Date.parse('2026-12-02T02:00:00.000Z');
const config = configSchema.parse({ targets: [{ name: 'a.one.test' }] });
const runbooks = loadRunbooks({ env: {} });
const on = (name: string, resolver: string): Target =>
  target({ id: `${name}/A`, name, mode: 'exact', resolvers: [resolver] });
const TARGETS = [on('a.one.test', A), on('b.one.test', A), on('c.one.test', A), on('x.two.test', B)];
const DEAD = `resolver/${A}`;

/** Answers every target with ANSWER unless the round's script says otherwise. */
class ScriptedProber {
  dark = new Set<string>();
  constructor(private readonly now: () => Date) {}
  async probe(t: Target): Promise<Observation> {
    const kind: OutcomeKind = this.dark.has(t.id) ? 'TIMEOUT' : 'ANSWER';
    const values = kind === 'ANSWER' ? ['192.0.2.1'] : [];
    return observeEach(this.now(), [outcome(t.resolvers[0] as string, kind, values)], t);
  }
}

/** The incident repository over the same table, with the cause's open-claim write dying once. */
class CrashingIncidents extends IncidentRepo {
  crashOn: string | undefined;
  override async claimOpen(targetId: string, incidentId: string, claimedAt: string): Promise<string> {
    if (targetId === this.crashOn) {
      this.crashOn = undefined;
      throw new Error('process killed before the claim');
    }
    return super.claimOpen(targetId, incidentId, claimedAt);
  }
}

describe('Probe round: one cause, one incident (scripted answers, dynalite, FakeSlack)', () => {
  let db: TestStore;
  let slack: FakeSlack;
  let nowMs: number;
  const now = () => new Date(nowMs);
  let prober: ScriptedProber;

  beforeEach(async () => {
    [db, slack] = await Promise.all([
      startTestStore(),
      new FakeSlack({ channels: [CHANNEL], rateLimit: false }).start(),
    ]);
    nowMs = T0;
    prober = new ScriptedProber(now);
  });
  afterEach(async () => {
    await slack.stop();
    await db.close();
  });

  function lookout(store: Store = db.store) {
    const deliverer = new OutboxSender({
      outbox: store.outbox,
      incidents: store.incidents,
      slack: new SlackPoster(createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR })),
      runbooks,
      now: now,
      log: silentLog,
    });
    return createProbeApp({
      config,
      targets: TARGETS,
      store,
      prober,
      log: silentLog,
      now,
      slack: { channel: CHANNEL, deliverer },
    });
  }

  /** Rounds 10 s apart with `dark` targets timing out; each copy runs the same round (same answers). */
  async function rounds(n: number, dark: string[], copies = [lookout()]) {
    prober.dark = new Set(dark.map((d) => `${d}/A`));
    const failures: string[] = [];
    for (let i = 0; i < n; i++) {
      nowMs += 10_000;
      const results = await Promise.all(copies.map((l) => l.round()));
      failures.push(...results.flatMap((r) => r.failures.map((f) => f.target.id)));
      await copies[0]?.deliver();
    }
    return failures;
  }

  const all = async () =>
    [...(await db.store.incidents.list())].sort((x, y) => x.openedAt.localeCompare(y.openedAt));
  const affected = (i: Incident | undefined) =>
    i?.cause?.affected.filter((t) => !t.left).map((t) => t.targetId);
  const kinds = async (i: Incident | undefined) =>
    (await db.store.incidents.listTimeline(i?.id as string)).map((e) => e.kind);

  it('moves a target still dark, once its server answers the others, into an incident of its own', async () => {
    // Prepare: a, b, c dark → one incident for their server.
    const l = lookout();
    await rounds(1, [], [l]);
    await rounds(2, ['a.one.test', 'b.one.test', 'c.one.test'], [l]);
    const [outage] = await all();
    expect(affected(outage)).toEqual(['a.one.test/A', 'b.one.test/A', 'c.one.test/A']);

    // Act: the server answers b and c again, but a stays dark.
    await rounds(3, ['a.one.test'], [l]);

    // Assess: a has its own UNREACHABLE; the server's incident recovered once b and c recovered.
    const [cause, own, ...more] = await all();
    expect(more).toEqual([]);
    expect(cause?.targetId).toBe(DEAD);
    expect(cause?.status).toBe('resolved');
    expect(await kinds(cause)).toEqual(['OPENED', 'RECOVERED', 'RESOLVED']);
    expect(own).toMatchObject({ targetId: 'a.one.test/A', kind: 'UNREACHABLE', status: 'open' });
    const [opened] = await db.store.incidents.listTimeline(own?.id as string);
    expect(opened?.text).toMatch(/UNREACHABLE on its own/);
    const [outageRoot, ownRoot, ...others] = slack.roots(CHANNEL);
    expect(others).toEqual([]);
    expect(outageRoot?.ts).toBe(cause?.slack?.ts);
    expect(ownRoot?.ts).toBe(own?.slack?.ts);
    expect(slack.replies(CHANNEL, outageRoot?.ts as string).map((m) => m.text?.split(' ')[0])).toEqual([
      'RECOVERED',
      'RESOLVED',
    ]);
    // The root was edited as targets left (a, then b and c), without a reply for any of them.
    expect(JSON.stringify(outageRoot?.updates.at(-1)?.blocks)).toContain(
      'Affected targets (0 now, 3 in all)',
    );
  });

  it('heals a round that died between the target state and the cause incident into the same one incident', async () => {
    // Prepare: the first target's write of the cause's claim dies.
    const table = new TableClient(db.dynamo.client, db.tableName);
    const crashing = new CrashingIncidents(table);
    const store: Store = { ...db.store, incidents: crashing };
    const l = lookout(store);
    await rounds(1, [], [l]);

    // Act
    crashing.crashOn = DEAD;
    const failed = await rounds(2, ['a.one.test', 'b.one.test', 'c.one.test'], [l]);
    const healedBy = await rounds(1, ['a.one.test', 'b.one.test', 'c.one.test'], [l]);

    // Assess: one target failed once; the next round applied its pending signal to the same incident.
    expect(failed).toHaveLength(1);
    expect(healedBy).toEqual([]);
    const [outage, ...more] = await all();
    expect(more).toEqual([]);
    expect(affected(outage)).toEqual(
      expect.arrayContaining(['a.one.test/A', 'b.one.test/A', 'c.one.test/A']),
    );
    expect(affected(outage)).toHaveLength(3);
    expect(await kinds(outage)).toEqual(['OPENED']);
    expect(slack.roots(CHANNEL)).toHaveLength(1);
    expect(slack.replies(CHANNEL, outage?.slack?.ts as string)).toEqual([]);
  });

  it('two copies running the same rounds converge on one incident, each target listed once', async () => {
    const copies = [lookout(), lookout()];
    await rounds(1, [], copies);

    await rounds(2, ['a.one.test', 'b.one.test', 'c.one.test'], copies);
    await rounds(3, [], copies);

    const [outage, ...more] = await all();
    expect(more).toEqual([]);
    expect(outage?.cause?.affected.map((t) => t.targetId).sort()).toEqual([
      'a.one.test/A',
      'b.one.test/A',
      'c.one.test/A',
    ]);
    expect(outage?.status).toBe('resolved');
    expect(await kinds(outage)).toEqual(['OPENED', 'RECOVERED', 'RESOLVED']);
    expect(slack.roots(CHANNEL)).toHaveLength(1);
  });
});
