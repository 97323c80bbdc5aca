import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { createSlackWorker } from '../../lambda/app/slack-worker.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { recordingLog } from '../support/slack-fixtures.js';

const BOT_TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0ALERTS';

describe('Slack emulator: direct messages (conversations.open, chat.postMessage to a person)', () => {
  let slack: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    slack = await new FakeSlack({
      channels: [CHANNEL],
      tokens: [BOT_TOKEN],
      users: { U0CAROL: 'carol', U0DAVE: 'dave' },
    }).start();
    client = new WebClient(BOT_TOKEN, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
  });
  afterAll(() => slack.stop());

  it('opens one IM per person (D…), the same one again with already_open, and refuses unknown people', async () => {
    const first = await client.conversations.open({ users: 'U0CAROL' });
    const again = await client.conversations.open({ users: 'U0CAROL', return_im: true });
    const other = await client.conversations.open({ users: 'U0DAVE' });

    expect(first.channel?.id).toMatch(/^D[A-Z0-9]+$/);
    expect(first.already_open).toBeUndefined();
    expect(again).toMatchObject({ ok: true, already_open: true, no_op: true });
    expect(again.channel).toMatchObject({ id: first.channel?.id, is_im: true, user: 'U0CAROL' });
    expect(other.channel?.id).not.toBe(first.channel?.id);
    await expect(client.conversations.open({ users: 'U0NOBODY' })).rejects.toThrow(/user_not_found/);
    await expect(client.conversations.open({ channel: 'D0NOPE' })).rejects.toThrow(/channel_not_found/);
    const listed = await client.conversations.list({});
    expect(listed.channels?.map((c) => c.id)).toEqual([CHANNEL]);
  });

  it("posts to a person's id in their IM, as Slack does, and refuses an unknown person (channel_not_found)", async () => {
    const posted = await client.chat.postMessage({ channel: 'U0DAVE', text: 'hello dave' });
    const { channel } = await client.conversations.open({ users: 'U0DAVE' });
    const byIm = await client.chat.postMessage({ channel: channel?.id as string, text: 'again' });

    expect(posted.channel).toBe(channel?.id);
    expect(byIm.channel).toBe(channel?.id);
    expect(slack.directMessages('U0DAVE').map((m) => m.text)).toEqual(['hello dave', 'again']);
    expect(slack.roots(CHANNEL)).toEqual([]);
    await expect(client.chat.postMessage({ channel: 'U0NOBODY', text: 'x' })).rejects.toThrow(
      /channel_not_found/,
    );
  });
});

describe('Worker: runTell falls back ephemeral → response URL → direct message', () => {
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await new FakeSlack({
      channels: [CHANNEL],
      tokens: [BOT_TOKEN],
      users: { U0CAROL: 'carol' },
    }).start();
  });
  afterAll(() => slack.stop());

  function worker() {
    const log = recordingLog();
    const config = configSchema.parse({
      slack: { channel: CHANNEL },
      targets: [{ name: 'api.example.test', type: 'A', mode: 'exact' }],
    });
    const run = createSlackWorker({ config, log, botToken: async () => BOT_TOKEN, apiUrl: slack.url }).run;
    return { log, run };
  }

  it('tells the person in a direct message when the ephemeral is refused (channel_not_found) and there is no response URL', async () => {
    // Prepare
    const { log, run } = worker();

    // Act
    await run({
      kind: 'tell',
      id: 'tell:dm-1',
      user: 'U0CAROL',
      channel: 'C0GONE',
      text: 'Added to the timeline.',
    });

    // Assess
    expect(slack.directMessages('U0CAROL').map((m) => m.text)).toEqual(['Added to the timeline.']);
    expect(slack.ephemerals).toEqual([]);
    const warned = log.lines.find((l) => l.message === 'told the person another way');
    expect(warned?.extra).toMatchObject({ via: 'direct message' });
    expect(String(warned?.extra?.refused)).toMatch(/^chat\.postEphemeral: .*channel_not_found/);
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('logs one error naming each refusal when all three ways are refused', async () => {
    // Prepare: no such channel, a response URL the emulator never issued, a person not in the workspace
    const { log, run } = worker();
    const responseUrl = `${slack.origin}/actions/T0LOOKOUT/never-issued/nothing`;

    // Act
    await run({
      kind: 'tell',
      id: 'tell:none',
      user: 'U0GHOST',
      channel: 'C0GONE',
      responseUrl,
      text: 'Done.',
    });

    // Assess
    const errors = log.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe('could not tell the person the outcome of their request');
    const refused = String(errors[0]?.extra?.refused).split('; ');
    expect(refused).toHaveLength(3);
    expect(refused[0]).toMatch(/^chat\.postEphemeral: .*channel_not_found/);
    expect(refused[1]).toMatch(/^response_url: /);
    expect(refused[2]).toMatch(/^direct message: .*channel_not_found/);
    expect(errors[0]?.extra).toMatchObject({ id: 'tell:none', user: 'U0GHOST', channel: 'C0GONE' });
    expect(slack.directMessages('U0GHOST')).toEqual([]);
  });
});
