import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { ACK_WINDOW_MS } from '../../emulators/slack/socket-mode.js';

const BOT_TOKEN = 'xoxb-test-token';
const APP_TOKEN = 'xapp-1-A0LOOKOUT-1-test';

/** Opens a WebSocket to `url` and collects what it receives, as a hand-written Socket Mode client would. */
async function rawConnection(
  url: string,
): Promise<{ socket: WebSocket; received: Record<string, unknown>[] }> {
  const socket = new WebSocket(url);
  const received: Record<string, unknown>[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, received };
}

async function connectionUrl(slack: FakeSlack, token = APP_TOKEN): Promise<string> {
  const result = await new WebClient(token, {
    slackApiUrl: slack.url,
    retryConfig: { retries: 0 },
  }).apps.connections.open();
  return result.url as string;
}

describe('Class: FakeSocketMode (Slack Socket Mode emulator)', () => {
  let slack: FakeSlack;
  let now: number;
  const sockets: WebSocket[] = [];

  beforeEach(async () => {
    now = Date.UTC(2026, 11, 2, 14, 0, 0);
    slack = await new FakeSlack({ tokens: [BOT_TOKEN], appTokens: [APP_TOKEN], clock: () => now }).start();
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.terminate();
    await slack.stop();
  });

  it('apps.connections.open gives an app-level token a ws:// URL on the emulator; a bot token is the wrong type, anything else invalid_auth', async () => {
    // Act
    const url = await connectionUrl(slack);
    const botToken = connectionUrl(slack, BOT_TOKEN);
    const unknown = connectionUrl(slack, 'xapp-1-unknown');
    const appTokenPosting = new WebClient(APP_TOKEN, {
      slackApiUrl: slack.url,
      retryConfig: { retries: 0 },
    }).chat.postMessage({
      channel: 'C0ALERTS',
      text: 'hi',
    });

    // Assess
    expect(url).toMatch(
      new RegExp(`^${slack.origin.replace('http', 'ws')}/link/\\?ticket=[0-9a-f]+&app_id=A0LOOKOUT$`),
    );
    await expect(botToken).rejects.toMatchObject({ data: { error: 'not_allowed_token_type' } });
    await expect(unknown).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    await expect(appTokenPosting).rejects.toMatchObject({ data: { error: 'not_allowed_token_type' } });
  });

  it('greets a connection with hello, once per URL: the same URL again is refused', async () => {
    // Prepare
    const url = await connectionUrl(slack);

    // Act
    const first = await rawConnection(url);
    sockets.push(first.socket);
    await slack.socketMode.untilGreeted(1);
    const again = new WebSocket(url);
    const refusal = await new Promise<number>((resolve) =>
      again.once('unexpected-response', (request, response) => {
        request.destroy();
        resolve(response.statusCode ?? 0);
      }),
    );

    // Assess
    await vi.waitFor(() => expect(first.received).toHaveLength(1));
    expect(first.received[0]).toMatchObject({
      type: 'hello',
      num_connections: 1,
      connection_info: { app_id: 'A0LOOKOUT' },
    });
    expect(refusal).toBe(401);
    expect(slack.socketMode.openConnections).toBe(1);
  });

  it('delivers a slash command with a fresh trigger and response URL; an ack after 3 s of the clock is late, and the command is given up on, not resent', async () => {
    // Prepare
    const { socket, received } = await rawConnection(await connectionUrl(slack));
    sockets.push(socket);
    await slack.socketMode.untilGreeted(1);

    // Act
    const sent = slack.socketMode.sendSlashCommand({
      command: '/lookout',
      text: 'help',
      user: 'U0ALICE',
      channel: 'C0ALERTS',
    });
    await vi.waitFor(() => expect(received).toHaveLength(2));
    now += ACK_WINDOW_MS + 1;
    const resent = slack.socketMode.redeliverOverdue();
    socket.send(JSON.stringify({ envelope_id: sent.envelope_id, payload: { text: 'too late' } }));
    const ack = await slack.socketMode.untilAcked(sent.envelope_id);

    // Assess
    expect(received[1]).toMatchObject({
      type: 'slash_commands',
      envelope_id: sent.envelope_id,
      accepts_response_payload: true,
      payload: {
        command: '/lookout',
        text: 'help',
        user_id: 'U0ALICE',
        channel_id: 'C0ALERTS',
        api_app_id: 'A0LOOKOUT',
      },
    });
    const payload = received[1]?.payload as { response_url?: string } | undefined;
    expect(payload?.response_url).toMatch(new RegExp(`^${slack.origin}/commands/`));
    expect(received[1]).not.toHaveProperty('retry_attempt');
    expect(resent).toBe(0);
    expect(sent.timedOut).toBe(true);
    expect(ack).toMatchObject({ type: 'slash_commands', late: true, payload: { text: 'too late' } });
  });

  it('delivers interactions with a trigger, a response URL where they happened in a channel, and an answerable ack only for modal submissions and options', async () => {
    // Prepare
    const { socket, received } = await rawConnection(await connectionUrl(slack));
    sockets.push(socket);
    await slack.socketMode.untilGreeted(1);

    // Act
    const button = slack.socketMode.sendInteraction({
      type: 'block_actions',
      user: 'U0ALICE',
      channel: 'C0ALERTS',
      messageTs: '1764684000.000100',
      fields: { actions: [{ action_id: 'incident.ack', value: 'inc-1' }] },
    });
    const submission = slack.socketMode.sendInteraction({
      type: 'view_submission',
      user: 'U0ALICE',
      fields: { view: { callback_id: 'declare' } },
    });
    await vi.waitFor(() => expect(received).toHaveLength(3));

    // Assess
    expect(received[1]).toMatchObject({
      type: 'interactive',
      envelope_id: button.envelope_id,
      accepts_response_payload: false,
      payload: {
        type: 'block_actions',
        user: { id: 'U0ALICE' },
        channel: { id: 'C0ALERTS' },
        container: { message_ts: '1764684000.000100', channel_id: 'C0ALERTS' },
        actions: [{ action_id: 'incident.ack', value: 'inc-1' }],
        response_url: expect.stringMatching(new RegExp(`^${slack.origin}/actions/`)),
        trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]+$/),
      },
    });
    expect(received[2]).toMatchObject({
      envelope_id: submission.envelope_id,
      accepts_response_payload: true,
      payload: { type: 'view_submission', view: { callback_id: 'declare' } },
    });
    expect(received[2]?.payload).not.toHaveProperty('response_url');
  });

  it('sends an unacknowledged Events API envelope again with retry_attempt and retry_reason: at once after the window, then after 1 and 5 minutes, then gives up', async () => {
    // Prepare
    const { socket, received } = await rawConnection(await connectionUrl(slack));
    sockets.push(socket);
    await slack.socketMode.untilGreeted(1);
    const start = now;

    // Act
    const sent = slack.socketMode.sendEvent({
      type: 'app_mention',
      user: 'U0ALICE',
      text: 'hi',
      channel: 'C0ALERTS',
    });
    const schedule: number[] = [];
    for (const at of [
      ACK_WINDOW_MS,
      ACK_WINDOW_MS + 1,
      ACK_WINDOW_MS + 60_000,
      ACK_WINDOW_MS + 300_000,
      ACK_WINDOW_MS * 2 + 300_001,
    ]) {
      now = start + at;
      schedule.push(slack.socketMode.redeliverOverdue());
    }
    await vi.waitFor(() => expect(received).toHaveLength(5));

    // Assess
    expect(schedule).toEqual([0, 1, 1, 1, 0]);
    expect(received.slice(1).map((e) => [e.retry_attempt, e.retry_reason])).toEqual([
      [0, ''],
      [1, 'timeout'],
      [2, 'timeout'],
      [3, 'timeout'],
    ]);
    expect(new Set(received.slice(1).map((e) => (e.payload as { event_id: string }).event_id)).size).toBe(1);
    expect(sent.timedOut).toBe(true);
  });
});

describe('Bolt SocketModeReceiver against the Socket Mode emulator', { timeout: 30_000 }, () => {
  let slack: FakeSlack;
  let app: App;
  let now: number;

  beforeEach(async () => {
    now = Date.now();
    slack = await new FakeSlack({ tokens: [BOT_TOKEN], appTokens: [APP_TOKEN], clock: () => now }).start();
    const receiver = new SocketModeReceiver({
      appToken: APP_TOKEN,
      installerOptions: { clientOptions: { slackApiUrl: slack.url } },
      // Also the wait before a reconnect: a second instead of five keeps the refresh test short.
      clientPingTimeout: 1_000,
      logLevel: LogLevel.ERROR,
    });
    app = new App({
      receiver,
      token: BOT_TOKEN,
      botId: 'B0LOOKOUT',
      botUserId: 'U0LOOKOUT',
      clientOptions: { slackApiUrl: slack.url },
      logLevel: LogLevel.ERROR,
    });
    app.command('/lookout', async ({ command, ack, respond }) => {
      await ack({ text: `acked: ${command.text}` });
      await respond({ text: `answered: ${command.text}` });
    });
  });
  afterEach(async () => {
    await app.stop();
    // Bolt's stop sends the close frame without waiting: let it finish before the server goes.
    await slack.socketMode.until(() => slack.socketMode.openConnections === 0);
    await slack.stop();
  });

  it('a slash command is delivered, acked with the listener’s payload, and its respond() reaches the response URL', async () => {
    // Prepare
    await app.start();

    // Act
    const sent = slack.socketMode.sendSlashCommand({
      command: '/lookout',
      text: 'help',
      user: 'U0ALICE',
      channel: 'C0ALERTS',
    });
    const ack = await slack.socketMode.untilAcked(sent.envelope_id);

    // Assess
    expect(ack).toMatchObject({ type: 'slash_commands', late: false, payload: { text: 'acked: help' } });
    await vi.waitFor(() =>
      expect(slack.ephemerals).toEqual([
        expect.objectContaining({
          via: 'response_url',
          user: 'U0ALICE',
          channel: 'C0ALERTS',
          text: 'answered: help',
        }),
      ]),
    );
  });

  it('a command typed through the emulator’s hook (curl) reaches the app and is answered with its ack; with no app connected the hook says so', async () => {
    // Prepare
    const type = (text: string) =>
      fetch(`${slack.origin}/socket-mode/command`, { method: 'POST', body: new URLSearchParams({ text }) });
    const before = await type('help');
    await app.start();

    // Act
    const typed = await type('help');

    // Assess
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ ok: false, error: 'not_connected' });
    expect(typed.status).toBe(200);
    expect(await typed.json()).toMatchObject({ ok: true, ack: { text: 'acked: help' } });
    expect(slack.socketMode.envelopes[0]?.payload).toMatchObject({
      command: '/lookout',
      text: 'help',
      user_id: 'U0OPERATOR',
      channel_id: 'C0ALERTS',
    });
  });

  it('after a refresh_requested disconnect Bolt connects again and the next command is still handled', async () => {
    // Prepare
    await app.start();
    await slack.socketMode.untilGreeted(1);

    // Act
    slack.socketMode.disconnect('refresh_requested');
    await slack.socketMode.untilGreeted(2);
    await slack.socketMode.until(() => slack.socketMode.openConnections === 1);
    const sent = slack.socketMode.sendSlashCommand({
      command: '/lookout',
      text: 'status',
      user: 'U0ALICE',
      channel: 'C0ALERTS',
    });
    const ack = await slack.socketMode.untilAcked(sent.envelope_id);

    // Assess
    expect(ack).toMatchObject({ connection: 2, payload: { text: 'acked: status' } });
    expect(sent.attempts).toEqual([expect.objectContaining({ connection: 2 })]);
  });

  it('an event whose ack was lost is sent again and Bolt runs the listener again, telling it the retry number and reason', async () => {
    // Prepare
    const seen: { retryNum?: number; retryReason?: string; eventTs: unknown }[] = [];
    app.event('app_mention', async ({ event, context }) => {
      seen.push({ retryNum: context.retryNum, retryReason: context.retryReason, eventTs: event.ts });
    });
    await app.start();
    slack.socketMode.loseAcks(1);

    // Act
    const sent = slack.socketMode.sendEvent({
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@U0LOOKOUT> status',
      channel: 'C0ALERTS',
      ts: '1764684000.000100',
      event_ts: '1764684000.000100',
    });
    await slack.socketMode.until(() => slack.socketMode.acks.length === 1);
    now += ACK_WINDOW_MS + 1;
    const resent = slack.socketMode.redeliverOverdue();
    const ack = await slack.socketMode.untilAcked(sent.envelope_id);
    await vi.waitFor(() => expect(seen).toHaveLength(2));

    // Assess
    expect(resent).toBe(1);
    expect(slack.socketMode.acks.map((a) => a.lost)).toEqual([true, false]);
    expect(ack.late).toBe(false);
    expect(seen).toEqual([
      { retryNum: 0, retryReason: '', eventTs: '1764684000.000100' },
      { retryNum: 1, retryReason: 'timeout', eventTs: '1764684000.000100' },
    ]);
  });
});
