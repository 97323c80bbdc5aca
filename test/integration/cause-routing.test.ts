import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { createProbeApp } from '../../lambda/app/probe.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { Observation, OutcomeKind } from '../../lambda/domain/observation.js';
import type { Target } from '../../lambda/domain/targets.js';
import { silentLog } from '../../lambda/ports/log.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { OutboxSender } from '../../lambda/slack/outbox-sender.js';
import { SlackPoster } from '../../lambda/slack/slack-poster.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { observeEach, outcome, target } from '../support/observations.js';

/**
 * A cause incident (one resolver down for several targets) is routed by slack.routes like any other:
 * a name rule matching the targets it covers sends it to that rule's channel, not the default, and its
 * root says the severity slack.severity gave it.
 */

const TOKEN = 'xoxb-test-token';
const ALERTS = 'C0ALERTS';
const DNS_TEAM = 'C0DNSTEAM';
const A = '10.0.0.1:53';
const T0 = Date.parse('2026-12-02T02:00:00.000Z');
const on = (name: string): Target => target({ id: `${name}/A`, name, mode: 'exact', resolvers: [A] });
const TARGETS = [on('a.one.test'), on('b.one.test')];

class DarkProber {
  dark = false;
  constructor(private readonly now: () => Date) {}
  async probe(t: Target): Promise<Observation> {
    const kind: OutcomeKind = this.dark ? 'TIMEOUT' : 'ANSWER';
    return observeEach(this.now(), [outcome(A, kind, kind === 'ANSWER' ? ['192.0.2.1'] : [])], t);
  }
}

describe('Probe round: a cause incident follows slack.routes (dynalite, FakeSlack)', () => {
  let db: TestStore;
  let slack: FakeSlack;
  let nowMs = T0;
  const now = () => new Date(nowMs);

  beforeEach(async () => {
    [db, slack] = await Promise.all([
      startTestStore(),
      new FakeSlack({ channels: [ALERTS, DNS_TEAM], rateLimit: false }).start(),
    ]);
    nowMs = T0;
  });
  afterEach(async () => {
    await slack.stop();
    await db.close();
  });

  it('posts the resolver outage to the channel of the rule naming its targets, with its severity', async () => {
    // Prepare
    const config = configSchema.parse({
      targets: [{ name: 'a.one.test' }],
      slack: {
        routes: [{ match: { names: ['*.one.test'], kinds: ['UNREACHABLE'] }, channels: [DNS_TEAM] }],
        severity: { kinds: { UNREACHABLE: 'critical' } },
      },
    });
    const prober = new DarkProber(now);
    const deliverer = new OutboxSender({
      outbox: db.store.outbox,
      incidents: db.store.incidents,
      slack: new SlackPoster(createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR })),
      runbooks: loadRunbooks({ env: {} }),
      now,
      log: silentLog,
    });
    const lookout = createProbeApp({
      config,
      targets: TARGETS,
      store: db.store,
      prober,
      log: silentLog,
      now,
      slack: { channel: ALERTS, deliverer },
    });
    nowMs += 10_000;
    await lookout.round();

    // Act: the resolver stops answering both targets for two rounds.
    prober.dark = true;
    for (let i = 0; i < 2; i++) {
      nowMs += 10_000;
      await lookout.round();
      await lookout.deliver();
    }

    // Assess
    const [outage, ...more] = await db.store.incidents.list();
    expect(more).toEqual([]);
    expect(outage).toMatchObject({ targetId: `resolver/${A}`, channel: DNS_TEAM, severity: 'critical' });
    expect(slack.roots(ALERTS)).toEqual([]);
    const [root, ...others] = slack.roots(DNS_TEAM);
    expect(others).toEqual([]);
    expect(JSON.stringify(root?.updates.at(-1)?.blocks ?? root?.blocks)).toContain('Severity: critical');
  });
});
