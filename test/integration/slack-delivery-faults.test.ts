import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { createProbeApp, type ProbeAppDeps } from '../../lambda/app/probe.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { TimelineEntry, TimelineKind } from '../../lambda/domain/incident.js';
import type { Target } from '../../lambda/domain/targets.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { OutboxSender } from '../../lambda/slack/outbox-sender.js';
import { SlackPoster } from '../../lambda/slack/slack-poster.js';
import { IncidentRepo } from '../../lambda/store/incident-repo.js';
import type { Store } from '../../lambda/store/store.js';
import { TableClient } from '../../lambda/store/table-client.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { observe, target, tick } from '../support/observations.js';
import { recordingLog } from '../support/slack-fixtures.js';

/**
 * Nothing is stranded: incidents opened while Slack was off, or before any channel was known, reach
 * Slack once it is on; a person's ack or resolve interrupted after the incident write still reaches
 * the timeline and Slack, once.
 */

const TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0ALERTS';
const T0 = Date.parse('2023-11-14T22:00:00.000Z');
const IPS = ['3.218.180.1', '3.218.180.2'];
const runbooks = loadRunbooks({ env: {} });
const config = configSchema.parse({ targets: [{ name: 'dynamodb.us-east-1.amazonaws.com' }] });
const prober = { probe: () => Promise.reject(new Error('these tests feed observations directly')) };

/** The incident repository over the same table, with one timeline write that dies (a crash there). */
class CrashingIncidents extends IncidentRepo {
  crashOn: TimelineKind | undefined;

  override async appendTimeline(entry: TimelineEntry): Promise<boolean> {
    if (entry.kind === this.crashOn) {
      this.crashOn = undefined;
      throw new Error('process killed before the timeline write');
    }
    return super.appendTimeline(entry);
  }
}

describe('Slack delivery strands nothing (createProbeApp + FakeSlack + dynalite)', () => {
  let t: TestStore;
  let slack: FakeSlack;
  let log: ReturnType<typeof recordingLog>;
  let nowMs: number;
  const now = () => new Date(nowMs);
  const primary = target();
  const secondary = target({ id: 'api.example.com/A', name: 'api.example.com' });

  beforeEach(async () => {
    t = await startTestStore();
    slack = await new FakeSlack({ channels: [CHANNEL], rateLimit: false }).start();
    log = recordingLog();
    nowMs = T0;
  });
  afterEach(async () => {
    await slack.stop();
    await t.close();
  });

  /** A Lookout over `store`; with `slack: true` it posts to CHANNEL through FakeSlack. */
  function lookout(options: { store?: Store; slack?: boolean; channel?: string } = {}) {
    const store = options.store ?? t.store;
    const deps: ProbeAppDeps = { config, targets: [primary, secondary], store, prober, log, now };
    if (options.channel) deps.channel = options.channel;
    if (options.slack) {
      const poster = new SlackPoster(
        createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR }),
      );
      const deliverer = new OutboxSender({
        outbox: store.outbox,
        incidents: store.incidents,
        slack: poster,
        runbooks,
        now: now,
        log: log,
      });
      deps.slack = { channel: CHANNEL, deliverer };
    }
    return createProbeApp(deps);
  }

  /** Feeds observations i = from…to of `kind` for `tgt` (10 s apart from T0), moving the clock along. */
  async function feed(
    l: ReturnType<typeof lookout>,
    tgt: Target,
    kind: 'healthy' | 'empty',
    from: number,
    to: number,
  ): Promise<void> {
    for (let i = from; i <= to; i++) {
      nowMs = tick(i, T0).getTime();
      const o =
        kind === 'healthy'
          ? observe(tick(i, T0), 'ANSWER', IPS, tgt)
          : observe(tick(i, T0), 'NODATA', [], tgt);
      await l.processor.process(o, tgt);
    }
  }

  async function openIncident(l: ReturnType<typeof lookout>, tgt: Target = primary): Promise<string> {
    await feed(l, tgt, 'healthy', 0, 0);
    await feed(l, tgt, 'empty', 1, 2);
    const incident = (await t.store.incidents.list()).find((i) => i.targetId === tgt.id);
    expect(incident?.status).toBe('open');
    return incident?.id as string;
  }

  const rootOf = (incident: string) =>
    slack
      .roots(CHANNEL)
      .filter(
        (m) => m.metadata?.event_payload.incident === incident && m.metadata.event_payload.entry === 'root',
      );
  const kinds = async (incident: string) =>
    (await t.store.incidents.listTimeline(incident)).map((e) => e.kind);

  it('posts an incident opened while Slack was off (channel configured, no token) once a Lookout with Slack delivers', async () => {
    // Before fb984a8 the channel was only known from the Slack settings: with Slack off the incident got
    // no channel, nothing was queued, and turning Slack on later never posted it.
    const off = lookout({ channel: CHANNEL });
    const id = await openIncident(off);
    expect(await off.deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect((await t.store.incidents.get(id))?.channel).toBe(CHANNEL);

    const on = lookout({ slack: true });
    expect(await on.deliver()).toMatchObject({ sent: 1, failed: 0 });

    expect(rootOf(id)).toHaveLength(1);
    expect(slack.messages).toHaveLength(1);
  });

  it('posts the open incidents (whole timeline) opened before any channel was known once Slack is configured, not the resolved ones', async () => {
    // Before fb984a8 an incident opened with no channel was never queued for Slack, whatever came later.
    const off = lookout();
    const open = await openIncident(off, primary);
    nowMs = tick(3, T0).getTime();
    await off.commands.acknowledge(open, 'cli:alice');
    const gone = await openIncident(off, secondary);
    await feed(off, secondary, 'healthy', 3, 5);
    expect((await t.store.incidents.get(gone))?.status).toBe('resolved');
    expect(await t.store.outbox.listPending(10)).toEqual([]);

    const on = lookout({ slack: true });
    expect(await on.deliver()).toMatchObject({ sent: 2, failed: 0 });

    const [root] = rootOf(open);
    expect(rootOf(open)).toHaveLength(1);
    expect(slack.replies(CHANNEL, root?.ts as string).map((m) => m.text)).toEqual([
      expect.stringMatching(/^ACKNOWLEDGED /),
    ]);
    expect(slack.messages.filter((m) => m.metadata?.event_payload.incident === gone)).toEqual([]);
    expect((await t.store.incidents.get(open))?.channel).toBe(CHANNEL);
    expect((await t.store.incidents.get(gone))?.channel).toBeUndefined();
    expect(
      log.lines.some((l) => l.level === 'info' && l.message.startsWith('posting 1 open incident(s)')),
    ).toBe(true);

    // Announced once: a second delivery posts nothing more.
    expect(await on.deliver()).toMatchObject({ sent: 0 });
    expect(slack.messages).toHaveLength(2);
  });

  it('writes an ack interrupted after the incident write to the timeline and the outbox once, when the incident is shown', async () => {
    // Before fb984a8 the incident was saved as acknowledged first and its ACKNOWLEDGED entry appended
    // after: a crash in between lost the entry for good (timeline and Slack), and acknowledging again
    // was refused because the incident already was.
    const incidents = new CrashingIncidents(new TableClient(t.dynamo.client, t.tableName));
    const store: Store = { ...t.store, incidents };
    const l = lookout({ store, slack: true, channel: CHANNEL });
    const id = await openIncident(l);
    expect(await l.deliver()).toMatchObject({ sent: 1 });

    incidents.crashOn = 'ACKNOWLEDGED';
    nowMs += 60_000;
    await expect(l.commands.acknowledge(id, 'cli:alice')).rejects.toThrow('process killed');
    expect((await t.store.incidents.get(id))?.status).toBe('acknowledged');
    expect(await kinds(id)).toEqual(['OPENED']);
    expect(await t.store.outbox.listPending(10)).toEqual([]);

    expect((await l.commands.show(id)).timeline.map((e) => e.kind)).toEqual(['OPENED', 'ACKNOWLEDGED']);
    await l.commands.show(id);
    expect(await kinds(id)).toEqual(['OPENED', 'ACKNOWLEDGED']);
    expect((await t.store.outbox.listPending(10)).map((p) => p.entry.kind)).toEqual(['ACKNOWLEDGED']);

    expect(await l.deliver()).toMatchObject({ sent: 1 });
    const [root] = rootOf(id);
    expect(slack.replies(CHANNEL, root?.ts as string).map((m) => m.text)).toEqual([
      expect.stringMatching(/^ACKNOWLEDGED /),
    ]);
    expect(JSON.stringify(root?.updates.at(-1))).toContain('alice');
    expect(await l.deliver()).toMatchObject({ sent: 0 });
  });

  it('writes a resolve interrupted after the incident write when the next Lookout delivers, once, and frees the target', async () => {
    // Before fb984a8 the RESOLVED entry was lost like the ack above, and the target's open-incident
    // claim (released after the entries) stayed held.
    const incidents = new CrashingIncidents(new TableClient(t.dynamo.client, t.tableName));
    const store: Store = { ...t.store, incidents };
    const first = lookout({ store, slack: true, channel: CHANNEL });
    const id = await openIncident(first);
    expect(await first.deliver()).toMatchObject({ sent: 1 });

    incidents.crashOn = 'RESOLVED';
    nowMs += 60_000;
    await expect(first.commands.resolve(id, 'cli:bob', 'restored')).rejects.toThrow('process killed');
    expect(await kinds(id)).toEqual(['OPENED']);
    expect(await t.store.incidents.openClaim(primary.id)).toBeDefined();

    // The process died; the next one starts and delivers.
    const next = lookout({ store: t.store, slack: true, channel: CHANNEL });
    expect(await next.deliver()).toMatchObject({ sent: 1 });

    expect(await kinds(id)).toEqual(['OPENED', 'RESOLVED']);
    const [root] = rootOf(id);
    expect(slack.replies(CHANNEL, root?.ts as string).map((m) => m.text)).toEqual([
      expect.stringMatching(/^RESOLVED /),
    ]);
    expect(await t.store.incidents.openClaim(primary.id)).toBeUndefined();
    expect(await next.deliver()).toMatchObject({ sent: 0 });
    expect(slack.messages).toHaveLength(2);
  });
});
