import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBCOMMANDS } from '../../lambda/slack/app/listeners/commands/lookout/index.js';
import {
  ackBody,
  CHANNEL,
  type SlackAppHarness,
  startSlackAppHarness,
  ZONE,
} from '../support/slack-app-harness.js';
import { formBody, slackTimestamp } from '../support/slack-signing.js';

describe('Slack app: /lookout through the Slack Lambda handler (signed Function URL events)', () => {
  let h: SlackAppHarness;

  beforeAll(async () => {
    h = await startSlackAppHarness();
  });
  afterAll(() => h.close());

  it('help lists every registered subcommand with its usage, ephemerally, without auth.test', async () => {
    // Prepare
    const { body } = h.command('help');

    // Act
    const response = await h.send(body);

    // Assess
    expect(response.statusCode).toBe(200);
    const answer = ackBody(response);
    expect(answer.response_type).toBe('ephemeral');
    for (const s of SUBCOMMANDS) {
      expect(answer.text).toContain(
        `\`/lookout ${s.name}${s.usage ? ` ${s.usage.replace(/</g, '&lt;').replace(/>/g, '&gt;')}` : ''}\``,
      );
    }
    expect(answer.text).toContain('/lookout check &lt;name&gt; [type]');
    expect(h.slack.count('auth.test')).toBe(0);
  });

  it("gives listeners Bolt's Web API client on SLACK_API_URL with the bot token, and still no auth.test", async () => {
    // Prepare: a listener of the kind other helpers add (a modal, a thread reply) calls the Web API.
    h.app.app.command('/client-check', async ({ ack, client, command }) => {
      await client.chat.postMessage({
        channel: command.channel_id,
        text: 'posted through the listener client',
      });
      await ack();
    });
    const payload = h.slack.slashCommand({ command: '/client-check', user: 'U0ALICE', channel: CHANNEL });

    // Act
    const response = await h.send(formBody({ ...payload }));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(h.slack.roots(CHANNEL).map((m) => m.text)).toContain('posted through the listener client');
    expect(h.slack.count('auth.test')).toBe(0);
  });

  it('answers an empty /lookout with the help', async () => {
    const answer = ackBody(await h.send(h.command('').body));

    expect(answer.text).toContain('Lookout in Slack');
    expect(answer.text).toContain('/lookout status');
  });

  it('answers an unknown subcommand with what was wrong and what to type', async () => {
    const answer = ackBody(await h.send(h.command('frobnicate now').body));

    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toBe('Lookout has no subcommand `frobnicate`. `/lookout help` lists what it can do.');
  });

  it('reads a body Lambda delivered base64-encoded', async () => {
    const answer = ackBody(await h.send(h.command('help').body, { base64: true }));

    expect(answer.text).toContain('Lookout in Slack');
  });

  describe('with incidents and target state in the store', () => {
    let incidentId: string;

    beforeAll(async () => {
      await h.probeRound();
      h.dns.deleteName(`db.${ZONE}`);
      await h.probeRound();
      const [incident] = await h.store.incidents.list(10);
      if (!incident) throw new Error('the probe round opened no incident');
      incidentId = incident.id;
    });

    it('status names the open incident and how each watched name answers', async () => {
      const answer = ackBody(await h.send(h.command('status').body));

      expect(answer.response_type).toBe('ephemeral');
      expect(answer.text).toContain('*Open incidents (1)*');
      expect(answer.text).toMatch(
        new RegExp(
          `• :red_circle: \`${incidentId}\` EMPTY \`db\\.${ZONE}/A\` — since \\d{4}-\\d\\d-\\d\\d [\\d:]+ UTC \\(\\d+ s\\) · open — nobody has acknowledged it yet`,
        ),
      );
      expect(answer.text).toContain('*Watched: 2 targets: 1 healthy, 1 empty*');
      expect(answer.text).toMatch(new RegExp(`• \`api\\.${ZONE}\` A — healthy since \\d{4}-\\d\\d-\\d\\d`));
      expect(answer.text).toMatch(new RegExp(`• \`db\\.${ZONE}\` A — empty since`));
    });

    it('incidents lists them with their ids', async () => {
      const answer = ackBody(await h.send(h.command('incidents').body));

      expect(answer.text).toContain('*All 1 incident*');
      expect(answer.text).toContain(`:red_circle: \`${incidentId}\` EMPTY \`db.${ZONE}/A\` — opened`);
      expect(answer.text).toContain('open — nobody has acknowledged it yet');
    });

    it("show <id> renders the incident, the resolvers' answers and its timeline", async () => {
      const answer = ackBody(await h.send(h.command(`show ${incidentId}`).body));

      expect(answer.text).toContain(`[OPEN] EMPTY db.${ZONE}/A`);
      expect(answer.text).toContain(`${h.dnsAddress} → NXDOMAIN`);
      expect(answer.text).toContain(`incident ${incidentId}`);
      expect(answer.text).toMatch(/\*Timeline\* \(\d+ entr(y|ies)\)/);
      expect(answer.text).toContain('OPENED');
    });

    it('show with an unknown id says so and how to find the ids', async () => {
      const answer = ackBody(await h.send(h.command('show inc-nope').body));

      expect(answer.response_type).toBe('ephemeral');
      expect(answer.text).toBe(
        'There is no incident `inc-nope`; `/lookout incidents` lists their ids. Type `/lookout show &lt;id&gt;`.',
      );
    });
  });

  it('show without an id says which argument is missing', async () => {
    const answer = ackBody(await h.send(h.command('show').body));

    expect(answer.text).toBe('Which incident? Type `/lookout show &lt;id&gt;`.');
  });

  it.each([
    ['check', 'Which name? Type `/lookout check &lt;name&gt; [type]`.'],
    ['check not_a..name', '`not_a..name` is not a DNS name. Type `/lookout check &lt;name&gt; [type]`.'],
    [
      'check api.example.test MX',
      'Lookout checks A, AAAA, CNAME, TXT records, not `MX`. Type `/lookout check &lt;name&gt; [type]`.',
    ],
    [
      'check api.example.test A extra',
      '`check` takes no `extra` there. Type `/lookout check &lt;name&gt; [type]`.',
    ],
    ['status now', '`status` takes no `now` there. Type `/lookout status`.'],
  ])('refuses `/lookout %s` with what to type', async (text, expected) => {
    const answer = ackBody(await h.send(h.command(text).body));

    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toBe(expected);
  });

  it('escapes what a person typed, so it cannot mention a channel', async () => {
    const answer = ackBody(await h.send(h.command('<!channel>').body));

    expect(answer.text).toContain('`&lt;!channel&gt;`');
    expect(answer.text).not.toContain('<!channel>');
  });

  it('gives listeners an authorizer over slack.operators that reads user groups from the emulator', async () => {
    // Prepare
    const withOperators = await startSlackAppHarness({
      slackConfig: { operators: { usergroups: ['S0ONCALL'] } },
    });
    withOperators.slack.defineUsergroup('S0ONCALL', ['U0BOB']);
    try {
      // Act
      const bob = await withOperators.app.deps.authorizer.check('U0BOB', 'ack');
      const eve = await withOperators.app.deps.authorizer.check('U0EVE', 'ack');
      const reader = await withOperators.app.deps.authorizer.check('U0EVE', 'status');

      // Assess
      expect(bob).toEqual({ allowed: true, via: { kind: 'usergroup', usergroup: 'S0ONCALL' } });
      expect(eve).toMatchObject({ allowed: false, reason: 'not-operator' });
      expect(reader).toEqual({ allowed: true, via: { kind: 'reading' } });
      expect(withOperators.slack.count('usergroups.users.list')).toBe(1);
    } finally {
      await withOperators.close();
    }
  });

  describe('refuses with 401, before any other work', () => {
    it.each([
      ['signed with another secret', { signingSecret: 'not-the-secret' }],
      ['with a body other than the one signed', { signedBody: 'token=x&command=%2Flookout&text=help' }],
      ['signed more than 5 minutes ago', { timestamp: slackTimestamp() - 6 * 60 }],
      ['dated in the future', { timestamp: slackTimestamp() + 6 * 60 }],
    ])('a request %s', async (_why, signing) => {
      const { body, payload } = h.command('status');
      const responsesBefore = h.slack.responses.length;

      const response = await h.send(body, signing);

      expect(response).toEqual({ statusCode: 401, body: '' });
      // Nothing was claimed: a correctly signed copy would still run.
      expect(await h.store.requests.get('slack', `trigger:${payload.trigger_id}`)).toBeUndefined();
      expect(h.slack.responses.length).toBe(responsesBefore);
      expect(h.log.lines.some((l) => l.message.includes('bad or stale signature'))).toBe(true);
    });

    it('a request with no signature headers at all, even one Bolt would answer without checking (ssl_check)', async () => {
      const response = await h.handler(
        {
          version: '2.0',
          routeKey: '$default',
          rawPath: '/',
          rawQueryString: '',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          requestContext: { http: { method: 'POST' } },
          body: 'ssl_check=1&token=x',
          isBase64Encoded: false,
        },
        {},
      );

      expect(response.statusCode).toBe(401);
    });

    it('a body that is not even parseable, without throwing', async () => {
      const response = await h.send('{not json', { signingSecret: 'wrong', contentType: 'application/json' });

      expect(response.statusCode).toBe(401);
    });
  });
});
