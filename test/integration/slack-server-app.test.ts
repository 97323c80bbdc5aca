import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';

/**
 * The Slack Web API methods the two-way app calls (issue #10), against the emulator through the real
 * WebClient: modals and trigger ids, ephemerals, response_url, incident channels, user groups and the
 * files.uploadV2 flow. Expiry runs on the emulator's injected clock, never on the wall clock.
 */

const TOKEN = 'xoxb-test-token';
// Silent: the library logs every refusal's response_metadata, which these tests cause on purpose.
const silent = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};
const quiet = { logger: silent, retryConfig: { retries: 0 } };
const BOT = 'U0LOOKOUT';
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; error?: string; data?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { code: string; data?: Record<string, unknown> & { error?: string } };
    return { code: err.code, error: err.data?.error, data: err.data };
  }
  throw new Error('expected the call to fail');
}

const modal = (over: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: 'Declare an incident' },
  submit: { type: 'plain_text' as const, text: 'Declare' },
  close: { type: 'plain_text' as const, text: 'Cancel' },
  callback_id: 'declare',
  private_metadata: '{"channel":"C0ALERTS"}',
  blocks: [
    {
      type: 'input',
      block_id: 'title',
      label: { type: 'plain_text', text: 'Title' },
      element: { type: 'plain_text_input', action_id: 'title' },
    },
  ],
  ...over,
});

describe('Class: FakeSlack (the two-way app methods)', () => {
  let slack: FakeSlack;
  let client: WebClient;
  let now: number;

  beforeEach(async () => {
    now = Date.parse('2026-12-02T10:00:00.000Z');
    slack = await new FakeSlack({
      rateLimit: false,
      clock: () => now,
      channels: ['C0ALERTS', 'C0QUIET'],
      names: { C0ALERTS: 'alerts', C0QUIET: 'quiet' },
      users: { [ALICE]: 'alice', [BOB]: 'bob' },
      members: { C0ALERTS: [ALICE] },
    }).start();
    client = new WebClient(TOKEN, { slackApiUrl: slack.url, ...quiet });
  });
  afterEach(() => slack.stop());

  describe('views.open / views.update / views.push', () => {
    it('opens a modal for the user who triggered it and records it', async () => {
      const { trigger_id } = slack.slashCommand({
        command: '/lookout',
        text: 'declare',
        user: ALICE,
        channel: 'C0ALERTS',
      });
      expect(trigger_id).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
      const res = await client.views.open({ trigger_id, view: modal() });
      expect(res.view).toMatchObject({
        type: 'modal',
        callback_id: 'declare',
        private_metadata: '{"channel":"C0ALERTS"}',
        title: { text: 'Declare an incident' },
      });
      expect(res.view?.id).toMatch(/^V/);
      expect(res.view?.hash).toEqual(expect.any(String));
      expect(slack.views).toHaveLength(1);
      expect(slack.views[0]).toMatchObject({ id: res.view?.id, user: ALICE, method: 'views.open' });
    });

    it('exchanges an interactivity_pointer like a trigger_id', async () => {
      const { trigger_id } = slack.interaction({ user: BOB });
      await client.views.open({ interactivity_pointer: trigger_id, view: modal() });
      expect(slack.views.map((v) => v.user)).toEqual([BOB]);
    });

    it('takes a trigger once: exchanged_trigger_id the second time', async () => {
      const { trigger_id } = slack.interaction({ user: ALICE });
      await client.views.open({ trigger_id, view: modal() });
      expect(await failure(client.views.open({ trigger_id, view: modal() }))).toMatchObject({
        error: 'exchanged_trigger_id',
      });
      expect(slack.views).toHaveLength(1);
    });

    it('takes a trigger within 3 s of the emulator clock, expired_trigger_id after', async () => {
      const early = slack.interaction({ user: ALICE });
      const late = slack.interaction({ user: BOB });
      now += 2_999;
      await client.views.open({ trigger_id: early.trigger_id, view: modal() });
      now += 2;
      expect(await failure(client.views.open({ trigger_id: late.trigger_id, view: modal() }))).toMatchObject({
        error: 'expired_trigger_id',
      });
      expect(slack.views.map((v) => v.user)).toEqual([ALICE]);
    });

    it('answers invalid_trigger_id for a trigger it never issued or a malformed one', async () => {
      for (const trigger_id of ['12345.98765.abcd2358fdea', 'not-a-trigger']) {
        expect(await failure(client.views.open({ trigger_id, view: modal() }))).toMatchObject({
          error: 'invalid_trigger_id',
        });
      }
    });

    it.for([
      ['101 blocks', { blocks: Array(101).fill({ type: 'divider' }) }, '[json-pointer:/view/blocks]'],
      ['a 25-character title', { title: { type: 'plain_text', text: 't'.repeat(25) } }, '/view/title/text]'],
      [
        'a 25-character submit',
        { submit: { type: 'plain_text', text: 's'.repeat(25) } },
        '/view/submit/text]',
      ],
      ['a 25-character close', { close: { type: 'plain_text', text: 'c'.repeat(25) } }, '/view/close/text]'],
      [
        'private_metadata of 3,001 characters',
        { private_metadata: 'm'.repeat(3001) },
        '/view/private_metadata]',
      ],
      ['a callback_id of 256 characters', { callback_id: 'c'.repeat(256) }, '/view/callback_id]'],
      ['an input block without submit', { submit: undefined }, '/view/submit]'],
      [
        'a section over 3,000 characters',
        { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] },
        '/view/blocks/0/text/text]',
      ],
    ] as const)(
      'refuses a modal with %s: invalid_arguments naming the field, trigger kept',
      async ([, over, pointer]) => {
        const { trigger_id } = slack.interaction({ user: ALICE });
        const refused = await failure(client.views.open({ trigger_id, view: modal(over) as never }));
        expect(refused.error).toBe('invalid_arguments');
        const messages =
          (refused.data?.response_metadata as { messages?: string[] } | undefined)?.messages ?? [];
        expect(messages.some((m) => m.startsWith('[ERROR]') && m.endsWith(pointer))).toBe(true);
        expect(slack.views).toHaveLength(0);
        // A refused view does not use the trigger up: the fixed view opens with it.
        await client.views.open({ trigger_id, view: modal() });
        expect(slack.views).toHaveLength(1);
      },
    );

    it('accepts a modal exactly at the limits', async () => {
      const { trigger_id } = slack.interaction({ user: ALICE });
      const view = modal({
        title: { type: 'plain_text', text: 't'.repeat(24) },
        submit: { type: 'plain_text', text: 's'.repeat(24) },
        close: { type: 'plain_text', text: 'c'.repeat(24) },
        private_metadata: 'm'.repeat(3000),
        callback_id: 'c'.repeat(255),
        blocks: Array(100).fill({ type: 'divider' }),
      });
      await client.views.open({ trigger_id, view });
      expect(slack.views[0]?.view).toMatchObject({ private_metadata: 'm'.repeat(3000) });
    });

    it('updates by view_id or external_id, refusing a stale hash with hash_conflict', async () => {
      const { trigger_id } = slack.interaction({ user: ALICE });
      const opened = await client.views.open({ trigger_id, view: modal({ external_id: 'declare-1' }) });
      const id = opened.view?.id as string;
      const first = await client.views.update({
        view_id: id,
        hash: opened.view?.hash as string,
        view: modal({ title: { type: 'plain_text', text: 'Working…' } }),
      });
      expect(first.view?.hash).not.toBe(opened.view?.hash);
      expect(
        await failure(client.views.update({ view_id: id, hash: opened.view?.hash as string, view: modal() })),
      ).toMatchObject({ error: 'hash_conflict' });
      await client.views.update({
        external_id: 'declare-1',
        view: modal({ title: { type: 'plain_text', text: 'Declared' } }),
      });
      expect(slack.views[0]?.view).toMatchObject({ title: { text: 'Declared' } });
      expect(slack.views[0]?.updates.map((u) => (u.title as { text: string }).text)).toEqual([
        'Working…',
        'Declared',
      ]);
      expect(await failure(client.views.update({ view_id: 'V0NOPE', view: modal() }))).toMatchObject({
        error: 'not_found',
      });
      expect(
        await failure(
          client.views.update({ view_id: id, view: modal({ blocks: Array(101).fill({ type: 'divider' }) }) }),
        ),
      ).toMatchObject({ error: 'invalid_arguments' });
    });

    it('refuses an external_id already used with duplicate_external_id', async () => {
      await client.views.open({
        trigger_id: slack.interaction({ user: ALICE }).trigger_id,
        view: modal({ external_id: 'x' }),
      });
      expect(
        await failure(
          client.views.open({
            trigger_id: slack.interaction({ user: BOB }).trigger_id,
            view: modal({ external_id: 'x' }),
          }),
        ),
      ).toMatchObject({ error: 'duplicate_external_id' });
    });

    it('pushes onto the open modal, at most 3 views deep (push_limit_reached)', async () => {
      const opened = await client.views.open({
        trigger_id: slack.interaction({ user: ALICE }).trigger_id,
        view: modal(),
      });
      const pushed = await client.views.push({
        trigger_id: slack.interaction({ user: ALICE }).trigger_id,
        view: modal(),
      });
      expect(pushed.view).toMatchObject({ root_view_id: opened.view?.id, previous_view_id: opened.view?.id });
      await client.views.push({ trigger_id: slack.interaction({ user: ALICE }).trigger_id, view: modal() });
      expect(
        await failure(
          client.views.push({ trigger_id: slack.interaction({ user: ALICE }).trigger_id, view: modal() }),
        ),
      ).toMatchObject({ error: 'push_limit_reached' });
      expect(slack.views.map((v) => v.method)).toEqual(['views.open', 'views.push', 'views.push']);
    });
  });

  describe('chat.postEphemeral', () => {
    it('shows a message to one member of the channel and records it', async () => {
      const res = await client.chat.postEphemeral({
        channel: 'C0ALERTS',
        user: ALICE,
        text: 'Only admins may resolve.',
      });
      expect(res.message_ts).toMatch(/^\d{10}\.\d{6}$/);
      expect(slack.ephemerals).toEqual([
        expect.objectContaining({
          channel: 'C0ALERTS',
          user: ALICE,
          text: 'Only admins may resolve.',
          via: 'chat.postEphemeral',
        }),
      ]);
      // Ephemerals are not channel messages.
      expect(slack.messages).toHaveLength(0);
    });

    it.for([
      ['a user not in the channel', { channel: 'C0ALERTS', user: BOB, text: 'x' }, 'user_not_in_channel'],
      [
        'a user who does not exist',
        { channel: 'C0ALERTS', user: 'U0NOBODY', text: 'x' },
        'user_not_in_channel',
      ],
      ['an unknown channel', { channel: 'C0NOPE', user: ALICE, text: 'x' }, 'channel_not_found'],
      ['neither text nor blocks', { channel: 'C0ALERTS', user: ALICE }, 'no_text'],
      [
        '51 blocks',
        { channel: 'C0ALERTS', user: ALICE, text: 'x', blocks: Array(51).fill({ type: 'divider' }) },
        'invalid_blocks',
      ],
    ] as const)('refuses %s', async ([, args, error]) => {
      expect(await failure(client.chat.postEphemeral(args as never))).toMatchObject({ error });
      expect(slack.ephemerals).toHaveLength(0);
    });
  });

  describe('response_url', () => {
    const post = (url: string, body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('hands a response_url with each command that posts ephemeral or in-channel answers', async () => {
      const { response_url } = slack.slashCommand({
        command: '/lookout',
        text: 'status',
        user: ALICE,
        channel: 'C0ALERTS',
      });
      const eph = await post(response_url, { text: 'All quiet.' });
      expect(eph.status).toBe(200);
      expect(await eph.json()).toEqual({ ok: true });
      await post(response_url, { response_type: 'in_channel', text: 'Incident 7 resolved by alice.' });
      expect(slack.ephemerals).toEqual([
        expect.objectContaining({
          channel: 'C0ALERTS',
          user: ALICE,
          text: 'All quiet.',
          via: 'response_url',
        }),
      ]);
      expect(slack.roots('C0ALERTS').map((m) => m.text)).toEqual(['Incident 7 resolved by alice.']);
      expect(slack.responses.map((r) => r.status)).toEqual([200, 200]);
    });

    it('replaces or deletes the message a button was pressed on', async () => {
      const root = await client.chat.postMessage({ channel: 'C0ALERTS', text: 'Incident 7: open' });
      const first = slack.interaction({ user: ALICE, channel: 'C0ALERTS', messageTs: root.ts as string });
      await post(first.response_url as string, { replace_original: true, text: 'Incident 7: acknowledged' });
      expect(slack.roots('C0ALERTS')[0]?.updates).toEqual([{ text: 'Incident 7: acknowledged' }]);
      const history = await client.conversations.history({ channel: 'C0ALERTS' });
      expect(history.messages?.map((m) => m.text)).toEqual(['Incident 7: acknowledged']);
      const second = slack.interaction({ user: ALICE, channel: 'C0ALERTS', messageTs: root.ts as string });
      await post(second.response_url as string, { delete_original: true });
      expect((await client.conversations.history({ channel: 'C0ALERTS' })).messages).toEqual([]);
    });

    it('takes 5 responses, then refuses the sixth with 404 used_url', async () => {
      const { response_url } = slack.slashCommand({
        command: '/lookout',
        text: 'status',
        user: ALICE,
        channel: 'C0ALERTS',
      });
      for (let i = 1; i <= 5; i++) expect((await post(response_url, { text: `step ${i}` })).status).toBe(200);
      const sixth = await post(response_url, { text: 'step 6' });
      expect(sixth.status).toBe(404);
      expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
      expect(slack.ephemerals.map((e) => e.text)).toEqual(['step 1', 'step 2', 'step 3', 'step 4', 'step 5']);
    });

    it('refuses any response after 30 minutes of the emulator clock with 404 expired_url', async () => {
      const { response_url } = slack.slashCommand({
        command: '/lookout',
        text: 'status',
        user: ALICE,
        channel: 'C0ALERTS',
      });
      now += 30 * 60_000 - 1;
      expect((await post(response_url, { text: 'in time' })).status).toBe(200);
      now += 2;
      const late = await post(response_url, { text: 'too late' });
      expect(late.status).toBe(404);
      expect(await late.json()).toEqual({ ok: false, error: 'expired_url' });
      expect(slack.ephemerals.map((e) => e.text)).toEqual(['in time']);
    });

    it('refuses an unknown response_url, a body that is not JSON, and blocks over the limits', async () => {
      const unknown = await post(`${slack.origin}/commands/T0LOOKOUT/1/nope`, { text: 'x' });
      expect(unknown.status).toBe(404);
      const { response_url } = slack.slashCommand({
        command: '/lookout',
        text: '',
        user: ALICE,
        channel: 'C0ALERTS',
      });
      const notJson = await fetch(response_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{',
      });
      expect(notJson.status).toBe(400);
      expect(await notJson.text()).toBe('invalid_payload');
      const tooMany = await post(response_url, { text: 'x', blocks: Array(51).fill({ type: 'divider' }) });
      expect(await tooMany.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
      expect(slack.ephemerals).toHaveLength(0);
    });
  });

  describe('conversations.create / invite / archive', () => {
    it('creates an incident channel the bot is in, listed and described like the others', async () => {
      const res = await client.conversations.create({ name: 'inc-20261202-dynamodb-empty' });
      const id = res.channel?.id as string;
      expect(res.channel).toMatchObject({
        name: 'inc-20261202-dynamodb-empty',
        is_member: true,
        is_archived: false,
        is_private: false,
      });
      expect(slack.createdChannels).toEqual([{ id, name: 'inc-20261202-dynamodb-empty', is_private: false }]);
      const info = await client.conversations.info({ channel: id });
      expect(info.channel).toMatchObject({ id, name: 'inc-20261202-dynamodb-empty', is_member: true });
      const list = await client.conversations.list({});
      expect(list.channels?.map((c) => c.name)).toContain('inc-20261202-dynamodb-empty');
      await client.chat.postMessage({ channel: id, text: 'Incident 7 opened' });
      expect(slack.roots(id)).toHaveLength(1);
    });

    it.for([
      ['upper case', 'Inc-7', 'invalid_name_specials'],
      ['a space', 'inc 7', 'invalid_name_specials'],
      ['a dot', 'inc.7', 'invalid_name_specials'],
      ['81 characters', 'i'.repeat(81), 'invalid_name_maxlength'],
      ['an empty name', '', 'invalid_name_required'],
      ['the name of an existing channel', 'alerts', 'name_taken'],
    ] as const)('refuses a name with %s: %s', async ([, name, error]) => {
      expect(await failure(client.conversations.create({ name }))).toMatchObject({ error });
      expect(slack.createdChannels).toHaveLength(0);
    });

    it('accepts an 80-character name of letters, digits, hyphens and underscores; refuses it twice', async () => {
      const name = `inc_7-${'a'.repeat(74)}`;
      await client.conversations.create({ name });
      expect(await failure(client.conversations.create({ name }))).toMatchObject({ error: 'name_taken' });
    });

    it('invites people, refusing already_in_channel, user_not_found and cant_invite_self without inviting anyone', async () => {
      const id = (await client.conversations.create({ name: 'inc-7' })).channel?.id as string;
      await client.conversations.invite({ channel: id, users: `${ALICE},${BOB}` });
      expect(slack.invites).toEqual([{ channel: id, users: [ALICE, BOB] }]);
      expect((await client.conversations.members({ channel: id })).members).toEqual([BOT, ALICE, BOB]);
      const carol = 'U0CAROL';
      slack.addUser(carol, 'carol');
      for (const [users, error] of [
        [`${carol},${ALICE}`, 'already_in_channel'],
        [`${carol},U0NOBODY`, 'user_not_found'],
        [`${carol},${BOT}`, 'cant_invite_self'],
      ] as const) {
        const refused = await failure(client.conversations.invite({ channel: id, users }));
        expect(refused.error).toBe(error);
        expect(refused.data?.errors).toEqual([expect.objectContaining({ ok: false, error })]);
      }
      expect((await client.conversations.members({ channel: id })).members).toEqual([BOT, ALICE, BOB]);
      const forced = await client.conversations.invite({
        channel: id,
        users: `${carol},U0NOBODY`,
        force: true,
      });
      expect(forced.errors).toEqual([{ user: 'U0NOBODY', ok: false, error: 'user_not_found' }]);
      expect((await client.conversations.members({ channel: id })).members).toEqual([BOT, ALICE, BOB, carol]);
      expect(await failure(client.conversations.invite({ channel: 'C0NOPE', users: carol }))).toMatchObject({
        error: 'channel_not_found',
      });
    });

    it('archives once (already_archived after), only channels the bot is in; an archived channel takes no posts', async () => {
      const id = (await client.conversations.create({ name: 'inc-8' })).channel?.id as string;
      await client.conversations.archive({ channel: id });
      expect(slack.archives).toEqual([id]);
      expect(await failure(client.conversations.archive({ channel: id }))).toMatchObject({
        error: 'already_archived',
      });
      expect((await client.conversations.info({ channel: id })).channel).toMatchObject({ is_archived: true });
      expect(await failure(client.chat.postMessage({ channel: id, text: 'x' }))).toMatchObject({
        error: 'is_archived',
      });
      expect(await failure(client.conversations.invite({ channel: id, users: ALICE }))).toMatchObject({
        error: 'is_archived',
      });
      expect(await failure(client.conversations.create({ name: 'inc-8' }))).toMatchObject({
        error: 'name_taken',
      });
      const notIn = await new FakeSlack({ channels: ['C0X'], notInChannel: ['C0X'] }).start();
      try {
        const other = new WebClient(TOKEN, { slackApiUrl: notIn.url, ...quiet });
        expect(await failure(other.conversations.archive({ channel: 'C0X' }))).toMatchObject({
          error: 'not_in_channel',
        });
        expect(await failure(other.conversations.archive({ channel: 'C0NOPE' }))).toMatchObject({
          error: 'channel_not_found',
        });
      } finally {
        await notIn.stop();
      }
    });

    it('needs channels:manage or groups:write when scopes are set', async () => {
      const scoped = await new FakeSlack({ scopes: ['chat:write'] }).start();
      try {
        const c = new WebClient(TOKEN, { slackApiUrl: scoped.url, ...quiet });
        expect(await failure(c.conversations.create({ name: 'inc-9' }))).toMatchObject({
          error: 'missing_scope',
        });
      } finally {
        await scoped.stop();
      }
    });
  });

  describe('usergroups.users.list', () => {
    it('lists the members of a user group defined through the state API', async () => {
      slack.defineUsergroup('S0ONCALL', [ALICE, BOB], { handle: 'oncall' });
      expect((await client.usergroups.users.list({ usergroup: 'S0ONCALL' })).users).toEqual([ALICE, BOB]);
      slack.defineUsergroup('S0ONCALL', [BOB]);
      expect((await client.usergroups.users.list({ usergroup: 'S0ONCALL' })).users).toEqual([BOB]);
    });

    it('answers no_such_subteam for an unknown group, and for a disabled one unless include_disabled', async () => {
      expect(await failure(client.usergroups.users.list({ usergroup: 'S0NOPE' }))).toMatchObject({
        error: 'no_such_subteam',
      });
      slack.defineUsergroup('S0OLD', [ALICE], { disabled: true });
      expect(await failure(client.usergroups.users.list({ usergroup: 'S0OLD' }))).toMatchObject({
        error: 'no_such_subteam',
      });
      expect(
        (await client.usergroups.users.list({ usergroup: 'S0OLD', include_disabled: true })).users,
      ).toEqual([ALICE]);
    });
  });

  describe('files.uploadV2 (getUploadURLExternal, upload, completeUploadExternal)', () => {
    it('stores the bytes and shares the file in the thread with its comment', async () => {
      const root = await client.chat.postMessage({ channel: 'C0ALERTS', text: 'Incident 7' });
      const markdown = '# Incident 7\n\n- 10:00 DynamoDB endpoint answered NOERROR with no records\n';
      const res = await client.files.uploadV2({
        channel_id: 'C0ALERTS',
        thread_ts: root.ts as string,
        initial_comment: 'Timeline of incident 7',
        filename: 'incident-7.md',
        title: 'Incident 7 timeline',
        content: markdown,
      });
      expect(res.ok).toBe(true);
      expect(slack.uploads).toHaveLength(1);
      const upload = slack.uploads[0];
      expect(upload).toMatchObject({
        filename: 'incident-7.md',
        length: Buffer.byteLength(markdown),
        title: 'Incident 7 timeline',
        channel_id: 'C0ALERTS',
        thread_ts: root.ts,
        initial_comment: 'Timeline of incident 7',
        completed: true,
      });
      expect(upload?.bytes?.toString('utf8')).toBe(markdown);
      expect(slack.replies('C0ALERTS', root.ts as string)).toEqual([
        expect.objectContaining({ text: 'Timeline of incident 7', files: [upload?.file_id] }),
      ]);
    });

    it('refuses an empty file, an unknown file id and an unknown channel', async () => {
      expect(await failure(client.files.getUploadURLExternal({ filename: 'x.md', length: 0 }))).toMatchObject(
        {
          error: 'missing_argument',
        },
      );
      expect(
        await failure(
          client.files.completeUploadExternal({ files: [{ id: 'F0NOPE' }], channel_id: 'C0ALERTS' }),
        ),
      ).toMatchObject({ error: 'file_not_found' });
      const ticket = await client.files.getUploadURLExternal({ filename: 'x.md', length: 2 });
      expect(ticket.file_id).toMatch(/^F/);
      // Not uploaded yet: nothing to complete.
      expect(
        await failure(
          client.files.completeUploadExternal({
            files: [{ id: ticket.file_id as string }],
            channel_id: 'C0ALERTS',
          }),
        ),
      ).toMatchObject({ error: 'file_not_found' });
      const uploaded = await fetch(ticket.upload_url as string, { method: 'POST', body: 'hi' });
      expect(uploaded.status).toBe(200);
      expect(await uploaded.text()).toBe('OK - 2');
      expect(
        await failure(
          client.files.completeUploadExternal({
            files: [{ id: ticket.file_id as string }],
            channel_id: 'C0NOPE',
          }),
        ),
      ).toMatchObject({ error: 'invalid_channel' });
      await client.files.completeUploadExternal({
        files: [{ id: ticket.file_id as string, title: 'x' }],
        channel_id: 'C0ALERTS',
      });
      expect(
        await failure(
          client.files.completeUploadExternal({
            files: [{ id: ticket.file_id as string }],
            channel_id: 'C0ALERTS',
          }),
        ),
      ).toMatchObject({ error: 'file_not_found' });
      const another = await client.files.getUploadURLExternal({ filename: 'y.md', length: 1 });
      const broken = await fetch(another.upload_url as string, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
        body: 'not a multipart body',
      });
      expect(broken.status).toBe(400);
      expect(slack.uploads.find((u) => u.file_id === another.file_id)?.bytes).toBeUndefined();
      const nowhere = await fetch(`${slack.origin}/upload/v1/nope`, { method: 'POST', body: 'x' });
      expect(nowhere.status).toBe(404);
    });
  });
});
