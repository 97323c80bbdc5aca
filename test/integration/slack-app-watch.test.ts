import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProbeApp } from '../../lambda/app/probe.js';
import type { Target } from '../../lambda/domain/targets.js';
import { MAX_WATCHED } from '../../lambda/slack/app/listeners/commands/lookout/watch.js';
import {
  ackBody,
  CHANNEL,
  type SlackAppHarness,
  startSlackAppHarness,
  ZONE,
} from '../support/slack-app-harness.js';

const OPERATOR = 'U0ALICE';
const WATCHED = `www.${ZONE}`;

describe('Slack app: /lookout watch and unwatch, applied by the probe without a redeploy', () => {
  let h: SlackAppHarness;
  const ask = async (text: string, user = OPERATOR) => ackBody(await h.send(h.command(text, user).body));
  /** A probe round as the Lambda and `lookout start` build it: config targets plus the watch list. */
  const probeRound = () =>
    createProbeApp({
      config: h.config,
      targets: h.targets,
      store: h.store,
      log: h.log,
      channel: CHANNEL,
      watchList: { resolvers: [h.dnsAddress] },
    }).round();

  beforeAll(async () => {
    h = await startSlackAppHarness({ slackConfig: { operators: { users: [OPERATOR] } } });
    h.dns.setRecords(WATCHED, 'A', ['192.0.2.80'], 60);
  });
  afterAll(() => h.close());

  it('adds a name the next probe round asks for, audited with the Slack user, and status shows it as watched from Slack', async () => {
    // Act
    const answer = await ask(`watch ${WATCHED}`);
    const round = await probeRound();
    const status = await ask('status', 'U0BOB');

    // Assess: the answer, in channel only to the person.
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain(`<@${OPERATOR}> added \`${WATCHED}/A\` to the watch list`);
    // Assess: the round probed it after the config's targets, and it answered.
    expect(round.results.map((r) => r.target.id)).toEqual([`api.${ZONE}/A`, `db.${ZONE}/A`, `${WATCHED}/A`]);
    expect(round.results[2]?.observation.outcomes[0]).toMatchObject({
      kind: 'ANSWER',
      values: ['192.0.2.80'],
    });
    // Assess: who did it is kept beside the list and logged.
    const trail = await h.store.watchList.auditTrail();
    expect(trail).toEqual([
      expect.objectContaining({
        action: 'watch',
        targetId: `${WATCHED}/A`,
        by: `slack:${OPERATOR} (@u0alice)`,
      }),
    ]);
    expect(trail[0]?.facts).toMatchObject({ slackUserId: OPERATOR, allowedBy: 'slack.operators.users' });
    expect(h.log.lines.some((l) => l.message === 'watch list: added from Slack')).toBe(true);
    // Assess: status tells it apart from the config's targets.
    expect(status.text).toContain(`• \`${WATCHED}\` A — healthy since`);
    expect(status.text).toContain(`watched from Slack (added by <@${OPERATOR}>)`);
    expect(status.text).not.toMatch(/`api\.example\.test` A — [^\n]*watched from Slack/);
  });

  it('answers a second watch of the same name with who added it, and writes nothing', async () => {
    const answer = await ask(`watch ${WATCHED} a`);

    expect(answer.text).toContain(
      `\`${WATCHED}/A\` is on the watch list already (added by <@${OPERATOR}> since`,
    );
    expect(await h.store.watchList.list()).toHaveLength(1);
  });

  it('leaves a config target to the config: watch and unwatch change nothing and say why', async () => {
    const watched = await ask(`watch api.${ZONE}`);
    const unwatched = await ask(`unwatch api.${ZONE} A`);

    expect(watched.text).toContain(`\`api.${ZONE}/A\` is in Lookout's config already`);
    expect(unwatched.text).toContain(`\`api.${ZONE}/A\` is in Lookout's config`);
    expect((await h.store.watchList.list()).map((w) => w.targetId)).toEqual([`${WATCHED}/A`]);
  });

  it('lets the config win when a name watched from Slack is added to the config later', async () => {
    // Prepare: a deploy adds www to the config while it is on the watch list.
    const withConfig: Target[] = [
      ...h.targets,
      { id: `${WATCHED}/A`, name: WATCHED, type: 'A', mode: 'pool', resolvers: [h.dnsAddress] },
    ];

    // Act
    const round = await createProbeApp({
      config: h.config,
      targets: withConfig,
      store: h.store,
      log: h.log,
      watchList: { resolvers: [h.dnsAddress] },
    }).round();

    // Assess: probed once, as the config says (pool), not as the watch list says (exact).
    const www = round.results.filter((r) => r.target.id === `${WATCHED}/A`);
    expect(www).toHaveLength(1);
    expect(www[0]?.target.mode).toBe('pool');
    expect(www[0]?.target.watchedBy).toBeUndefined();
  });

  it('refuses someone who is not an operator, naming who may, and writes nothing', async () => {
    const answer = await ask(`watch other.${ZONE}`, 'U0MALLORY');

    expect(answer.text).toContain('may add names to the watch list from Slack, and you are not among them');
    expect((await h.store.watchList.list()).map((w) => w.targetId)).toEqual([`${WATCHED}/A`]);
  });

  it.each([
    ['watch', 'Which name?'],
    ['watch not_a..name', '`not_a..name` is not a DNS name.'],
    [`watch other.${ZONE} MX`, 'Lookout watches A, AAAA, CNAME, TXT records, not `MX`.'],
    [`watch other.${ZONE} A alerts`, '`alerts` is not a channel; type it as #channel.'],
    [`unwatch other.${ZONE} A extra`, '`unwatch` takes no `extra` there.'],
  ])('answers `/lookout %s` with what was wrong and what to type', async (text, problem) => {
    const answer = await ask(text);

    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain(problem);
    expect(answer.text).toMatch(/Type `\/lookout (un)?watch &lt;name&gt; \[type\]( \[#channel\])?`\.$/);
  });

  it('takes a channel typed as a link, and the type may be left out before it', async () => {
    const answer = await ask(`watch mail.${ZONE} <#C0MAIL|mail-alerts>`);

    expect(answer.text).toContain('Its incidents go to <#C0MAIL>;');
    const mail = (await h.store.watchList.list()).find((w) => w.targetId === `mail.${ZONE}/A`);
    expect(mail?.channel).toBe('C0MAIL');
    expect(mail?.type).toBe('A');
  });

  it('refuses a name past the limit, saying how many and what to do', async () => {
    // Prepare: the list full (written straight to the store).
    const listed = (await h.store.watchList.list()).length;
    for (let i = listed; i < MAX_WATCHED; i++)
      await h.store.watchList.add({
        targetId: `n${i}.${ZONE}/A`,
        name: `n${i}.${ZONE}`,
        type: 'A',
        by: 'slack:U0ALICE',
        at: '2026-12-02T10:00:00.000Z',
      });

    // Act
    const answer = await ask(`watch full.${ZONE}`);

    // Assess
    expect(answer.text).toContain(`The watch list holds ${MAX_WATCHED} names, its limit (${MAX_WATCHED})`);
    expect((await h.store.watchList.list()).some((w) => w.targetId === `full.${ZONE}/A`)).toBe(false);
    for (let i = listed; i < MAX_WATCHED; i++) await h.store.watchList.remove(`n${i}.${ZONE}/A`);
  });

  it('removes a name: the next round no longer asks for it, and the removal is audited', async () => {
    // Act
    const answer = await ask(`unwatch ${WATCHED}`);
    const again = await ask(`unwatch ${WATCHED}`);
    const round = await probeRound();

    // Assess
    expect(answer.text).toContain(`<@${OPERATOR}> removed \`${WATCHED}/A\` from the watch list`);
    expect(again.text).toContain(`\`${WATCHED}/A\` is not on the watch list; nothing changed.`);
    expect(round.results.map((r) => r.target.id)).not.toContain(`${WATCHED}/A`);
    expect((await h.store.watchList.auditTrail()).map((a) => [a.action, a.targetId])).toEqual([
      ['watch', `${WATCHED}/A`],
      ['watch', `mail.${ZONE}/A`],
      ['unwatch', `${WATCHED}/A`],
    ]);
  });

  it('tells the person, after the acknowledgement, when Lookout cannot post in the channel chosen', async () => {
    // Prepare: the bot was never invited to C0NOTIN (Slack does not show it the channel)
    const { payload, body } = h.command(`watch shop.${ZONE} A <#C0NOTIN|secret>`);

    // Act
    const answer = ackBody(await h.send(body));
    await h.app.idle();

    // Assess: added, the answer says the channel is being checked, and the check found it unusable
    expect(answer.text).toContain(
      'Its incidents go to <#C0NOTIN>; Lookout asks Slack now whether it can post there',
    );
    expect((await h.store.watchList.list()).find((w) => w.targetId === `shop.${ZONE}/A`)?.channel).toBe(
      'C0NOTIN',
    );
    const told = h.slack.responses.filter((r) => r.url === payload.response_url).map((r) => r.body?.text);
    expect(told).toEqual([
      `Slack knows no channel <#C0NOTIN> that Lookout can see (\`channel_not_found\`), so \`shop.${ZONE}/A\`'s incidents cannot be posted there: invite Lookout there (\`/invite @Lookout\`), or choose another with \`/lookout watch shop.${ZONE} A #another-channel\`.`,
    ]);
  });

  it('says nothing more when the channel chosen is one Lookout is in', async () => {
    // Prepare
    const { payload, body } = h.command(`watch ok.${ZONE} A <#${CHANNEL}|alerts>`);

    // Act
    await h.send(body);
    await h.app.idle();

    // Assess
    expect(h.slack.count('conversations.info', 200)).toBeGreaterThan(0);
    expect(h.slack.responses.filter((r) => r.url === payload.response_url)).toEqual([]);
  });
});
