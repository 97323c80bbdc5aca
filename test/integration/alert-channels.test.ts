import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { IncidentRouting } from '../../lambda/domain/routing/route-incident.js';
import type { Signal } from '../../lambda/domain/signals.js';
import type { IncidentSubject } from '../../lambda/domain/targets.js';
import { IncidentWriter } from '../../lambda/engine/incident-writer.js';
import { type ChannelAdminPort, SlackChannelAdmin } from '../../lambda/slack/channel-admin.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { DeliveryHealth } from '../../lambda/slack/delivery-health.js';
import { SlackDeliveryError } from '../../lambda/slack/errors.js';
import { type IncidentChannelSettings, IncidentChannels } from '../../lambda/slack/incident-channels.js';
import { OutboxSender, type SlackPort } from '../../lambda/slack/outbox-sender.js';
import { LOOKUP_GRACE_MS } from '../../lambda/slack/post-lookup.js';
import { createSlackDelivery } from '../../lambda/slack/slack-delivery.js';
import { SlackPoster } from '../../lambda/slack/slack-poster.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { forwardingPort, recordingLog } from '../support/slack-fixtures.js';

const TOKEN = 'xoxb-test-token';
const ALERTS = 'C0ALERTS';
const DNS_TEAM = 'C0DNSTEAM';
const runbooks = loadRunbooks({ env: {} });
const subject: IncidentSubject = {
  id: 'dynamodb.us-east-1.amazonaws.com/A',
  name: 'dynamodb.us-east-1.amazonaws.com',
  type: 'A',
};
const OPENED_AT = '2026-12-02T06:48:00.000Z';
const CHANNEL_NAME = 'inc-20261202-dynamodb-empty';

function signal(kind: 'EMPTY' | 'RECOVERED', at: string, n: number): Signal {
  return {
    kind,
    targetId: subject.id,
    at,
    observationId: `obs-${n}`,
    summary:
      kind === 'EMPTY'
        ? 'dynamodb.us-east-1.amazonaws.com A: every resolver answered NODATA'
        : 'dynamodb.us-east-1.amazonaws.com A answers again',
    evidence: [],
    source: 'dns-probe',
    facts: {},
  };
}

const routes = [
  { match: { names: ['*.amazonaws.com'], kinds: ['EMPTY' as const] }, channels: ['#dns-team'] },
];
const withChannels: IncidentRouting = {
  routes,
  incidentChannels: { severities: ['critical'], prefix: 'inc' },
};
const settings: IncidentChannelSettings = {
  invite: { users: ['U0ALICE'], usergroups: ['S0ONCALL'] },
  archiveOnResolve: true,
};

describe('Automatic alert channels against the Slack emulator and dynalite', () => {
  let t: TestStore;
  let slack: FakeSlack;
  let log: ReturnType<typeof recordingLog>;
  let clock: Date;

  beforeEach(async () => {
    t = await startTestStore();
    slack = await new FakeSlack({
      channels: [ALERTS, DNS_TEAM],
      names: { [ALERTS]: 'alerts', [DNS_TEAM]: 'dns-team' },
      users: { U0ALICE: 'alice', U0BOB: 'bob', U0CAROL: 'carol' },
      usergroups: { S0ONCALL: { users: ['U0BOB', 'U0CAROL'], handle: 'oncall' } },
      rateLimit: false,
    }).start();
    log = recordingLog();
    clock = new Date('2026-12-02T06:49:00.000Z');
  });
  afterEach(async () => {
    await slack.stop();
    await t.close();
  });

  function writer(routing: IncidentRouting): IncidentWriter {
    return new IncidentWriter({
      store: t.store,
      autoResolve: true,
      log,
      now: () => clock,
      defaultChannel: '#alerts',
      routing,
    });
  }

  /** The delivery every flow builds, with Slack's channel administration wrapped when a test needs a fault. */
  function sender(
    wrap: (admin: ChannelAdminPort) => ChannelAdminPort = (a) => a,
    port: (poster: SlackPoster) => SlackPort = (p) => p,
  ): OutboxSender {
    const client = createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR });
    const poster = new SlackPoster(client);
    const incidents = t.store.incidents;
    const channels = new IncidentChannels({
      slack: poster,
      admin: wrap(new SlackChannelAdmin(client)),
      incidents: { updateChannels: (id, change) => incidents.updateChannels(id, change) },
      settings,
      now: () => clock,
      log,
      graceMs: LOOKUP_GRACE_MS,
    });
    return new OutboxSender({
      outbox: t.store.outbox,
      incidents,
      slack: port(poster),
      runbooks,
      now: () => clock,
      log,
      channels,
    });
  }

  /** A critical incident gets its own channel, then RECOVERED (auto-resolve queues RESOLVED): that channel's id. */
  async function resolvedInOwnChannel(): Promise<string> {
    const write = writer(withChannels);
    await write.apply(signal('EMPTY', OPENED_AT, 1), subject);
    await sender().flush();
    const own = slack.createdChannels[0]?.id as string;
    clock = new Date('2026-12-02T07:10:00.000Z');
    await write.apply(signal('RECOVERED', '2026-12-02T07:09:00.000Z', 2), subject);
    return own;
  }

  const created = () => slack.createdChannels.map((c) => c.name);
  const textOf = (m: { text?: string; blocks?: unknown[] }) =>
    `${m.text ?? ''} ${JSON.stringify(m.blocks ?? [])}`;

  it('routes an EMPTY by its name glob to #dns-team, with its severity, and nothing to the default channel', async () => {
    // Act
    const { incident } = await writer({ routes }).apply(signal('EMPTY', OPENED_AT, 1), subject);
    const result = await sender().flush();

    // Assess
    expect(incident).toMatchObject({ channel: '#dns-team', severity: 'critical' });
    expect(incident?.incidentChannel).toBeUndefined();
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    const [root, ...more] = slack.roots(DNS_TEAM);
    expect(more).toEqual([]);
    expect(textOf(root ?? {})).toContain('Runbook: EMPTY DNS answer for dynamodb.us-east-1.amazonaws.com A');
    expect(slack.roots(ALERTS)).toEqual([]);
    expect(created()).toEqual([]);
  });

  it('gives a critical incident its own channel once: people invited, root and runbook there, a link in the alert channel, archived after resolve', async () => {
    // Prepare
    const write = writer(withChannels);
    await write.apply(signal('EMPTY', OPENED_AT, 1), subject);

    // Act: delivered, then delivered again (nothing new to send must change nothing)
    const first = await sender().flush();
    const second = await sender().flush();

    // Assess
    expect(first).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    expect(second).toMatchObject({ sent: 0, retried: 0, failed: 0 });
    expect(created()).toEqual([CHANNEL_NAME]);
    const own = slack.createdChannels[0]?.id as string;
    expect(slack.invites).toEqual([{ channel: own, users: ['U0ALICE', 'U0BOB', 'U0CAROL'] }]);
    const [root, ...moreRoots] = slack.roots(own);
    expect(moreRoots).toEqual([]);
    expect(textOf(root ?? {})).toContain('Runbook: EMPTY DNS answer for dynamodb.us-east-1.amazonaws.com A');
    const [link, ...moreLinks] = slack.roots(DNS_TEAM);
    expect(moreLinks).toEqual([]);
    expect(link?.text).toContain(`<#${own}>`);
    expect(link?.text).toContain('EMPTY: dynamodb.us-east-1.amazonaws.com A (critical)');
    expect(slack.roots(ALERTS)).toEqual([]);
    const stored = await t.store.incidents.get((await t.store.incidents.list())[0]?.id as string);
    expect(stored?.incidentChannel).toMatchObject({ name: CHANNEL_NAME, id: own, invited: true });
    expect(stored?.incidentChannel?.since).toBeUndefined();
    expect(stored?.slack).toEqual({ channel: own, ts: root?.ts });
    expect(stored?.links).toEqual([
      { channel: '#dns-team', since: expect.any(String), ts: link?.ts, channelId: DNS_TEAM, shows: 'open' },
    ]);

    // Act: it recovers (auto-resolve) and the resolution is delivered
    clock = new Date('2026-12-02T07:10:00.000Z');
    await write.apply(signal('RECOVERED', '2026-12-02T07:09:00.000Z', 2), subject);
    const resolved = await sender().flush();

    // Assess
    expect(resolved).toMatchObject({ sent: 2, failed: 0 });
    expect(slack.replies(own, root?.ts as string).map((m) => m.text)).toEqual([
      expect.stringContaining('answers again'),
      expect.stringContaining('Resolved by lookout (auto-resolve)'),
    ]);
    expect(slack.archives).toEqual([own]);
    expect((await t.store.incidents.get(stored?.id as string))?.incidentChannel?.archivedAt).toBe(
      '2026-12-02T07:10:00.000Z',
    );
    expect(created()).toEqual([CHANNEL_NAME]);
    // The link in #dns-team was edited in place (no second post): resolved, then its channel archived.
    expect(slack.roots(DNS_TEAM).map((m) => m.ts)).toEqual([link?.ts]);
    expect(link?.updates.map((u) => u.text)).toEqual([
      `EMPTY: dynamodb.us-east-1.amazonaws.com A (critical) — resolved 2026-12-02 07:09:00 UTC — Incident channel: <#${own}>`,
      `EMPTY: dynamodb.us-east-1.amazonaws.com A (critical) — resolved 2026-12-02 07:09:00 UTC — Incident channel (archived): <#${own}>`,
    ]);
    expect((await t.store.incidents.get(stored?.id as string))?.links?.[0]?.shows).toBe('archived');
    await sender().flush();
    expect(link?.updates).toHaveLength(2);
  });

  it('edits the link again after a crash between the edit and its record, and never posts a second link', async () => {
    // Prepare: delivered and resolved; the record of what the link shows is lost (a crash after chat.update)
    const both = [{ match: { names: ['*.amazonaws.com'] }, channels: ['#dns-team', '#alerts'] }];
    const write = writer({ routes: both });
    const { incident } = await write.apply(signal('EMPTY', OPENED_AT, 1), subject);
    await sender().flush();
    clock = new Date('2026-12-02T07:10:00.000Z');
    await write.apply(signal('RECOVERED', '2026-12-02T07:09:00.000Z', 2), subject);
    const failing = new SlackDeliveryError('retryable', 'timeout', { outcomeUnknown: true });
    const crashAfterEdit = sender();
    const id = incident?.id as string;
    const realUpdate = t.store.incidents.updateChannels.bind(t.store.incidents);
    t.store.incidents.updateChannels = async (incidentId, change) => {
      const current = await t.store.incidents.get(incidentId);
      if (current && change(current)?.links?.some((l) => l.shows === 'resolved')) throw failing;
      return realUpdate(incidentId, change);
    };

    // Act
    const crashed = await crashAfterEdit.flush();
    t.store.incidents.updateChannels = realUpdate;
    const retried = await sender().flush();

    // Assess
    expect(crashed).toMatchObject({ sent: 0, retried: 1 });
    expect(retried).toMatchObject({ sent: 2, failed: 0 });
    const [link, ...more] = slack.roots(ALERTS);
    expect(more).toEqual([]);
    const resolvedText = `EMPTY: dynamodb.us-east-1.amazonaws.com A (critical) — resolved 2026-12-02 07:09:00 UTC — Followed in <#${DNS_TEAM}>`;
    expect(link?.updates.map((u) => u.text)).toEqual([resolvedText, resolvedText]);
    expect((await t.store.incidents.get(id))?.links).toEqual([
      expect.objectContaining({ channel: '#alerts', ts: link?.ts, channelId: ALERTS, shows: 'resolved' }),
    ]);
  });

  it('finds the channel again by its name when the answer to conversations.create was lost, instead of creating a second', async () => {
    // Prepare: Slack creates the channel but the answer never arrives (a timeout, a crash before recording it)
    await writer(withChannels).apply(signal('EMPTY', OPENED_AT, 1), subject);
    const lostAnswer = (admin: ChannelAdminPort): ChannelAdminPort => ({
      ...admin,
      findChannel: (name) => admin.findChannel(name),
      invite: (c, u) => admin.invite(c, u),
      usergroupMembers: (g) => admin.usergroupMembers(g),
      archive: (c) => admin.archive(c),
      createChannel: async (name) => {
        await admin.createChannel(name);
        throw new SlackDeliveryError('retryable', 'timeout', { outcomeUnknown: true });
      },
    });

    // Act
    const crashed = await sender(lostAnswer).flush();
    const afterCrash = (await t.store.incidents.list())[0];
    const retried = await sender().flush();

    // Assess
    expect(crashed).toMatchObject({ sent: 0, retried: 1 });
    expect(afterCrash?.incidentChannel).toMatchObject({
      name: CHANNEL_NAME,
      since: '2026-12-02T06:49:00.000Z',
    });
    expect(afterCrash?.incidentChannel?.id).toBeUndefined();
    expect(retried).toMatchObject({ sent: 1, failed: 0 });
    expect(created()).toEqual([CHANNEL_NAME]);
    const own = slack.createdChannels[0]?.id as string;
    expect(slack.roots(own)).toHaveLength(1);
    expect(slack.roots(DNS_TEAM)).toHaveLength(1);
    expect(log.lines.some((l) => l.message === 'found the incident channel an earlier attempt created')).toBe(
      true,
    );
  });

  it('two deliveries racing make one channel, one root and one link', async () => {
    await writer(withChannels).apply(signal('EMPTY', OPENED_AT, 1), subject);

    await Promise.all([sender().flush(), sender().flush()]);
    // Whichever waited on the other's create finishes on the next flush.
    clock = new Date(clock.getTime() + LOOKUP_GRACE_MS + 1);
    await sender().flush();

    expect(created()).toEqual([CHANNEL_NAME]);
    const own = slack.createdChannels[0]?.id as string;
    expect(slack.roots(own)).toHaveLength(1);
    expect(slack.roots(DNS_TEAM)).toHaveLength(1);
    expect(await t.store.outbox.listPending(10)).toEqual([]);
  });

  it('takes the next name when the first is taken (an archived channel keeps its name)', async () => {
    // Prepare
    slack.addChannel('C0TAKEN');
    const admin = new SlackChannelAdmin(createSlackClient(TOKEN, { slackApiUrl: slack.url }));
    const taken = await admin.createChannel(CHANNEL_NAME);
    await admin.archive(taken);
    await writer(withChannels).apply(signal('EMPTY', OPENED_AT, 1), subject);

    // Act
    const result = await sender().flush();

    // Assess
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    expect(created()).toEqual([CHANNEL_NAME, `${CHANNEL_NAME}-2`]);
    const own = slack.createdChannels[1]?.id as string;
    expect(slack.roots(own)).toHaveLength(1);
    expect((await t.store.incidents.list())[0]?.incidentChannel).toMatchObject({ attempt: 2, id: own });
  });

  it('is what every flow’s delivery does when slack.incidentChannels is configured', async () => {
    await writer(withChannels).apply(signal('EMPTY', OPENED_AT, 1), subject);
    const delivery = createSlackDelivery({
      token: TOKEN,
      apiUrl: slack.url,
      store: t.store,
      runbooks,
      logger: log,
      health: new DeliveryHealth('check the token'),
      giveUpAfterMinutes: 60,
      incidentChannels: settings,
      clock: () => clock,
    });

    expect(await delivery.flush()).toMatchObject({ sent: 1, failed: 0 });

    expect(created()).toEqual([CHANNEL_NAME]);
    const own = slack.createdChannels[0]?.id as string;
    expect(slack.invites).toEqual([{ channel: own, users: ['U0ALICE', 'U0BOB', 'U0CAROL'] }]);
    expect(slack.roots(own)).toHaveLength(1);
    expect(slack.roots(DNS_TEAM)[0]?.text).toContain(`<#${own}>`);
  });

  it('posts in the first routed channel and links it from the others', async () => {
    const both = [{ match: { names: ['*.amazonaws.com'] }, channels: ['#dns-team', '#alerts'] }];
    await writer({ routes: both }).apply(signal('EMPTY', OPENED_AT, 1), subject);

    expect(await sender().flush()).toMatchObject({ sent: 1, failed: 0 });
    await sender().flush();

    expect(slack.roots(DNS_TEAM)).toHaveLength(1);
    const [link, ...more] = slack.roots(ALERTS);
    expect(more).toEqual([]);
    expect(link?.text).toBe(
      `EMPTY: dynamodb.us-east-1.amazonaws.com A (critical) — Followed in <#${DNS_TEAM}>`,
    );
    expect(created()).toEqual([]);
  });

  it('announces the incident in its alert channel when Slack will not create channels, and says why in the log', async () => {
    await writer(withChannels).apply(signal('EMPTY', OPENED_AT, 1), subject);
    slack.failNext(1, { error: 'restricted_action' }, 'conversations.create');

    expect(await sender().flush()).toMatchObject({ sent: 1, failed: 0 });

    expect(created()).toEqual([]);
    const [root, ...more] = slack.roots(DNS_TEAM);
    expect(more).toEqual([]);
    expect(textOf(root ?? {})).toContain('Runbook: EMPTY DNS answer');
    expect((await t.store.incidents.list())[0]?.incidentChannel?.failed).toBe('restricted_action');
    expect(log.lines.find((l) => l.level === 'error')?.message).toBe(
      'could not create the incident channel; posting in the alert channel',
    );
  });

  it('invites whom it can when a user group is gone or a person cannot be invited', async () => {
    // Prepare
    await writer(withChannels).apply(signal('EMPTY', OPENED_AT, 1), subject);
    const client = createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR });
    const poster = new SlackPoster(client);
    const channels = new IncidentChannels({
      slack: poster,
      admin: new SlackChannelAdmin(client),
      incidents: { updateChannels: (id, change) => t.store.incidents.updateChannels(id, change) },
      settings: {
        invite: { users: ['U0ALICE', 'U0NOBODY'], usergroups: ['S0GONE', 'S0ONCALL'] },
        archiveOnResolve: false,
      },
      now: () => clock,
      log,
      graceMs: LOOKUP_GRACE_MS,
    });
    const delivery = new OutboxSender({
      outbox: t.store.outbox,
      incidents: t.store.incidents,
      slack: poster,
      runbooks,
      now: () => clock,
      log,
      channels,
    });

    // Act
    expect(await delivery.flush()).toMatchObject({ sent: 1, failed: 0 });

    // Assess
    const own = slack.createdChannels[0]?.id as string;
    expect(slack.invites).toEqual([{ channel: own, users: ['U0ALICE', 'U0BOB', 'U0CAROL'] }]);
    const warnings = log.lines.filter((l) => l.level === 'warn').map((l) => [l.message, l.extra]);
    expect(warnings).toEqual([
      [
        'could not read a user group to invite; inviting the others',
        expect.objectContaining({ usergroup: 'S0GONE', reason: 'no_such_subteam' }),
      ],
      [
        'some people could not be invited to the incident channel',
        expect.objectContaining({ refused: 'U0NOBODY: user_not_found' }),
      ],
    ]);
  });

  it('a delivery that starts while another one’s create is in flight waits for it instead of creating a second channel', async () => {
    // Prepare: the first delivery's conversations.create is held until the second has run
    await writer(withChannels).apply(signal('EMPTY', OPENED_AT, 1), subject);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => {};
    const creating = new Promise<void>((resolve) => {
      started = resolve;
    });
    const slow = (admin: ChannelAdminPort): ChannelAdminPort => ({
      findChannel: (name) => admin.findChannel(name),
      invite: (c, u) => admin.invite(c, u),
      usergroupMembers: (g) => admin.usergroupMembers(g),
      archive: (c) => admin.archive(c),
      createChannel: async (name) => {
        started();
        await held;
        return admin.createChannel(name);
      },
    });

    // Act
    const first = sender(slow).flush();
    await creating;
    const second = await sender().flush();
    release();
    const firstResult = await first;

    // Assess
    expect(second).toMatchObject({ sent: 0, retried: 1 });
    expect(log.lines.some((l) => String(l.extra?.reason).startsWith('awaiting_late_answer'))).toBe(true);
    expect(firstResult).toMatchObject({ sent: 1, failed: 0 });
    expect(created()).toEqual([CHANNEL_NAME]);
    const own = slack.createdChannels[0]?.id as string;
    expect(slack.roots(own)).toHaveLength(1);
    expect(slack.roots(DNS_TEAM)).toHaveLength(1);
  });

  it('archives on the next flush when Slack fails the archive, without posting the resolution twice', async () => {
    // Prepare
    const own = await resolvedInOwnChannel();
    slack.failNext(1, { status: 503 }, 'conversations.archive');

    // Act
    const failedOnce = await sender().flush();
    const archivedBefore = [...slack.archives];
    const retried = await sender().flush();

    // Assess
    expect(failedOnce).toMatchObject({ sent: 1, retried: 1 });
    expect(archivedBefore).toEqual([]);
    expect(retried).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    expect(slack.archives).toEqual([own]);
    const [root] = slack.roots(own);
    expect(slack.replies(own, root?.ts as string).map((m) => m.text)).toEqual([
      expect.stringContaining('answers again'),
      expect.stringContaining('Resolved by lookout (auto-resolve)'),
    ]);
  });

  it('archives only once the root shows the resolution: an edit Slack failed is tried again with the item, its reply not posted twice', async () => {
    // Prepare: during one flush Slack fails every edit of the root to RESOLVED.
    const own = await resolvedInOwnChannel();
    let failed = 0;
    const failResolvedEdits = (p: SlackPoster): SlackPort =>
      forwardingPort(p, {
        updateRoot: async (ref, message) => {
          if (ref.channel === own && message.text.startsWith('RESOLVED')) {
            failed += 1;
            throw new SlackDeliveryError('retryable', 'internal_error');
          }
          return p.updateRoot(ref, message);
        },
      });

    // Act
    const failedOnce = await sender((a) => a, failResolvedEdits).flush();
    const archivedBefore = [...slack.archives];
    await sender().flush();

    // Assess: not archived while the root was behind; then the root shows it resolved, one RESOLVED reply.
    expect(failed).toBeGreaterThan(0);
    expect(failedOnce).toMatchObject({ retried: 1 });
    expect(archivedBefore).toEqual([]);
    expect(slack.archives).toEqual([own]);
    const [root] = slack.roots(own);
    expect(root?.updates.at(-1)?.text).toMatch(/^RESOLVED/);
    expect(slack.replies(own, root?.ts as string).map((m) => m.text)).toEqual([
      expect.stringContaining('answers again'),
      expect.stringContaining('Resolved by lookout (auto-resolve)'),
    ]);
  });

  it('archives all the same when Slack will never take the root’s edit, and defers without an attempt when Lookout kept it back', async () => {
    // Prepare: RESOLVED in the incident's own channel; its root's edit first meets the deadline, then Slack says the root is gone.
    const own = await resolvedInOwnChannel();
    const refusing =
      (error: () => SlackDeliveryError) =>
      (p: SlackPoster): SlackPort =>
        forwardingPort(p, {
          updateRoot: async (ref, message) => {
            if (ref.channel === own && message.text.startsWith('RESOLVED')) throw error();
            return p.updateRoot(ref, message);
          },
        });

    // Act: first Lookout's own deadline keeps the edit back, then Slack says the root is gone.
    const keptBack = await sender(
      (a) => a,
      refusing(() => new SlackDeliveryError('retryable', 'deadline_exceeded', { paced: true })),
    ).flush();
    const pending = await t.store.outbox.listPending(10);
    const archivedBefore = [...slack.archives];
    const gone = await sender(
      (a) => a,
      refusing(() => new SlackDeliveryError('permanent', 'message_not_found')),
    ).flush();

    // Assess: kept back = deferred, no attempt counted, not failing; gone = archived, sent, one reply.
    expect(keptBack).toMatchObject({ retried: 0, deferred: 1 });
    expect(pending.map((p) => ({ attempts: p.attempts, failingSince: p.failingSince }))).toEqual([
      { attempts: 0, failingSince: undefined },
    ]);
    expect(archivedBefore).toEqual([]);
    expect(gone).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    expect(slack.archives).toEqual([own]);
    const [root] = slack.roots(own);
    expect(slack.replies(own, root?.ts as string).map((m) => m.text)).toEqual([
      expect.stringContaining('answers again'),
      expect.stringContaining('Resolved by lookout (auto-resolve)'),
    ]);
  });

  it('still announces the incident when the app lacks channels:manage, instead of pausing all delivery', async () => {
    // Prepare: a token without the scopes for channels (and groups)
    await slack.stop();
    slack = await new FakeSlack({
      channels: [ALERTS, DNS_TEAM],
      names: { [ALERTS]: 'alerts', [DNS_TEAM]: 'dns-team' },
      rateLimit: false,
      scopes: ['chat:write', 'channels:history', 'groups:history', 'channels:read', 'groups:read'],
    }).start();
    await writer(withChannels).apply(signal('EMPTY', OPENED_AT, 1), subject);

    // Act
    const result = await sender().flush();

    // Assess
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    expect(result.paused).toBeUndefined();
    expect(slack.roots(DNS_TEAM)).toHaveLength(1);
    expect((await t.store.incidents.list())[0]?.incidentChannel?.failed).toBe('missing_scope');
  });
});
