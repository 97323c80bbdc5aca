import type { FakeSocketMode } from './socket-mode.js';
import { ACK_WINDOW_MS } from './socket-mode.js';

/** Where a person outside the test process types a slash command: `POST /socket-mode/command`. */
export const COMMAND_HOOK_PATH = '/socket-mode/command';

/**
 * A slash command typed from a shell (`curl -d text=help …`): delivered to the connected app like one
 * typed in Slack, answered with what the app acknowledged within Slack's 3 s, so `lookout emulate`
 * can show `/lookout` working without a Slack workspace. Fields: `text`, and optionally `command`
 * (default `/lookout`), `user`, `channel`.
 */
export async function answerCommandHook(
  socketMode: FakeSocketMode,
  params: Record<string, unknown> | undefined,
  defaults: { user: string; channel: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const field = (name: string, fallback: string) => {
    const value = params?.[name];
    return typeof value === 'string' && value !== '' ? value : fallback;
  };
  if (socketMode.openConnections === 0)
    return {
      status: 503,
      body: { ok: false, error: 'not_connected', message: 'no app is connected over Socket Mode' },
    };
  const sent = socketMode.sendSlashCommand({
    command: field('command', '/lookout'),
    text: field('text', ''),
    user: field('user', defaults.user),
    channel: field('channel', defaults.channel),
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ACK_WINDOW_MS);
  });
  const ack = await Promise.race([socketMode.untilAcked(sent.envelope_id), timedOut]);
  clearTimeout(timer);
  if (!ack) return { status: 504, body: { ok: false, error: 'not_acked', envelope_id: sent.envelope_id } };
  return { status: 200, body: { ok: true, envelope_id: sent.envelope_id, ack: ack.payload ?? null } };
}
