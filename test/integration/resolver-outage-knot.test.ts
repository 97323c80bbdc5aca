import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KnotServer, realDnsAvailable, startKnot } from '../../emulators/dns/knot.js';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { createProbeApp } from '../../lambda/app/probe.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { Incident } from '../../lambda/domain/incident.js';
import type { Target } from '../../lambda/domain/targets.js';
import { silentLog } from '../../lambda/ports/log.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { OutboxSender } from '../../lambda/slack/outbox-sender.js';
import { SlackPoster } from '../../lambda/slack/slack-poster.js';
import { DnsProbe } from '../../lambda/sources/dns/dns-probe.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { target } from '../support/observations.js';

/**
 * Issue #7 item 8: killing one authoritative server opened one UNREACHABLE incident per target. One
 * server going dark is one incident naming it, listing the targets it left without an answer; a target
 * whose server answers the others keeps its own incident. Rounds are driven one by one on an injected
 * clock (10 s apart); the only waiting is for real DNS answers.
 */

const TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0ALERTS';
const T0 = Date.parse('2026-12-02T02:00:00.000Z');
const config = configSchema.parse({ targets: [{ name: 'a.one.test' }] });
const runbooks = loadRunbooks({ env: {} });
const ONE = ['a', 'b', 'c'].map((n) => ({
  name: `${n}.one.test`,
  type: 'A' as const,
  ttl: 60,
  values: ['192.0.2.1'],
}));
const TWO = [{ name: 'x.two.test', type: 'A' as const, ttl: 60, values: ['198.51.100.1'] }];

describe.skipIf(!realDnsAvailable())(
  'One resolver down is one incident (knotd + dynalite + FakeSlack)',
  () => {
    let one: KnotServer;
    let two: KnotServer;
    let db: TestStore;
    let slack: FakeSlack;
    let nowMs: number;
    const now = () => new Date(nowMs);

    beforeEach(async () => {
      [one, two, db, slack] = await Promise.all([
        startKnot({ zone: 'one.test', records: ONE }),
        startKnot({ zone: 'two.test', records: TWO }),
        startTestStore(),
        new FakeSlack({ channels: [CHANNEL], rateLimit: false }).start(),
      ]);
      nowMs = T0;
    });
    afterEach(async () => {
      await Promise.all([one.stop(), two.stop(), slack.stop()]);
      await db.close();
    });

    const on = (name: string, server: KnotServer): Target =>
      target({ id: `${name}/A`, name, mode: 'exact', resolvers: [server.address] });

    function lookout(targets: Target[]) {
      const deliverer = new OutboxSender({
        outbox: db.store.outbox,
        incidents: db.store.incidents,
        slack: new SlackPoster(
          createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR }),
        ),
        runbooks,
        now: now,
        log: silentLog,
      });
      const l = createProbeApp({
        config,
        targets,
        store: db.store,
        prober: new DnsProbe({ timeoutMs: 5000, now }),
        log: silentLog,
        now,
        slack: { channel: CHANNEL, deliverer },
      });
      /** One probe round 10 s after the last, then Slack delivery, as `lookout start` does. */
      return async (n = 1) => {
        for (let i = 0; i < n; i++) {
          nowMs += 10_000;
          const round = await l.round();
          expect(round.failures.map((f) => f.error.message)).toEqual([]);
          await l.deliver();
        }
      };
    }

    const incidents = async () =>
      [...(await db.store.incidents.list())].sort((a, b) => a.id.localeCompare(b.id));
    const affected = (incident: Incident | undefined) =>
      incident?.cause?.affected.filter((a) => !a.left).map((a) => a.targetId);
    const rootText = (ts: string) => {
      const root = slack.roots(CHANNEL).find((m) => m.ts === ts);
      return JSON.stringify(root?.updates.at(-1)?.blocks ?? root?.blocks);
    };

    it('one server killed: one incident for it listing its targets, no reply per target; back: one recovery', async () => {
      // Prepare: three targets on one server, one on another, and one the first server refuses (not its zone).
      const targets = [
        ...ONE.map((r) => on(r.name, one)),
        on('x.two.test', two),
        on('stray.elsewhere.test', one),
      ];
      const round = lookout(targets);
      await round(2);
      const [stray] = await incidents();
      expect((await incidents()).map((i) => [i.targetId, i.kind])).toEqual([
        ['stray.elsewhere.test/A', 'UNREACHABLE'],
      ]);

      // Act: the first server goes away for two rounds (unreachableAfterProbes = 2).
      const port = one.address.split(':')[1];
      await one.stop();
      await round(2);

      // Assess: one incident for the server, the three targets listed; the stray keeps its own; x is fine.
      const during = await incidents();
      expect(during).toHaveLength(2);
      const outage = during.find((i) => i.targetId === `resolver/${one.address}`);
      expect(outage).toMatchObject({ status: 'open', kind: 'UNREACHABLE' });
      expect(affected(outage)).toEqual(['a.one.test/A', 'b.one.test/A', 'c.one.test/A']);
      expect((await db.store.incidents.get(stray?.id as string))?.status).toBe('open');
      const roots = slack.roots(CHANNEL);
      expect(roots).toHaveLength(2);
      const outageRoot = roots.find((m) => m.ts === outage?.slack?.ts);
      expect(outageRoot?.text).toContain(`${one.address} stopped answering: 3 targets affected`);
      for (const name of ['a.one.test/A', 'b.one.test/A', 'c.one.test/A'])
        expect(rootText(outageRoot?.ts as string)).toContain(name);
      expect(slack.replies(CHANNEL, outageRoot?.ts as string)).toEqual([]);
      expect((await db.store.incidents.listTimeline(outage?.id as string)).map((e) => e.kind)).toEqual([
        'OPENED',
      ]);

      // Act: the server comes back where it was; three healthy rounds recover each target.
      one = await startKnot({ zone: 'one.test', records: ONE, port: Number(port) });
      await round(3);

      // Assess: one recovery, resolved; Slack: still one root for it, replies only for the recovery.
      const after = await db.store.incidents.get(outage?.id as string);
      expect(after?.status).toBe('resolved');
      expect(affected(after)).toEqual([]);
      expect((await db.store.incidents.listTimeline(outage?.id as string)).map((e) => e.kind)).toEqual([
        'OPENED',
        'RECOVERED',
        'RESOLVED',
      ]);
      expect(slack.roots(CHANNEL)).toHaveLength(2);
      expect(slack.replies(CHANNEL, outage?.slack?.ts as string).map((m) => m.text?.split(' ')[0])).toEqual([
        'RECOVERED',
        'RESOLVED',
      ]);
      expect(rootText(outage?.slack?.ts as string)).toContain('resolved');
      expect((await incidents()).map((i) => i.targetId).sort()).toEqual([
        `resolver/${one.address}`,
        'stray.elsewhere.test/A',
      ]);
    });

    it('every server gone: one "no resolver answers" incident for all targets', async () => {
      const targets = [...ONE.map((r) => on(r.name, one)), on('x.two.test', two)];
      const round = lookout(targets);
      await round(1);

      await Promise.all([one.stop(), two.stop()]);
      await round(2);

      const [outage, ...others] = await incidents();
      expect(others).toEqual([]);
      expect(outage?.targetId).toBe('resolvers/all');
      expect(affected(outage)).toEqual(['a.one.test/A', 'b.one.test/A', 'c.one.test/A', 'x.two.test/A']);
      const [root, ...more] = slack.roots(CHANNEL);
      expect(more).toEqual([]);
      expect(root?.text).toContain('No resolver answers: 4 targets affected');
      expect(slack.replies(CHANNEL, root?.ts as string)).toEqual([]);
    });
  },
);
