import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { SlackLambdaHandler } from '../../../lambda/app/slack-app.js';
import type { SlackSecret } from '../../../lambda/config/slack-secret.js';
import {
  refreshingSlackHandler,
  SLACK_SECRET_REREAD_EVERY_MS,
} from '../../../lambda/handlers/slack-secret-runtime.js';
import { recordingLog } from '../../support/slack-fixtures.js';

type Event = Parameters<SlackLambdaHandler>[0];
const context = {} as Context;
/** A request "signed" with `secret`: the fake handlers below accept it only under that secret. */
const signedWith = (secret: string) => ({ headers: { 'x-test-signed-with': secret } }) as unknown as Event;

/** The Slack secret as a store the test rotates, counting every read. */
function secretSource(initial: SlackSecret) {
  const source = {
    value: initial,
    reads: 0,
    failNext: false,
    read: async (): Promise<SlackSecret> => {
      source.reads += 1;
      if (source.failNext) {
        source.failNext = false;
        throw new Error('AccessDeniedException');
      }
      return { ...source.value };
    },
  };
  return source;
}

/** A handler per secret: 200 for a request signed with its signing secret, else 401 (like the real one). */
const build = (secret: SlackSecret): SlackLambdaHandler => {
  if (!secret.signingSecret) throw new Error('no signing secret');
  return async (event) => ({
    statusCode: event.headers['x-test-signed-with'] === secret.signingSecret ? 200 : 401,
    body: secret.botToken ?? '',
  });
};

async function setup(initial: SlackSecret) {
  let nowMs = 1_000_000;
  const source = secretSource(initial);
  const log = recordingLog();
  const handler = await refreshingSlackHandler({ read: source.read, build, log, now: () => nowMs });
  return { handler, source, log, advance: (ms: number) => (nowMs += ms) };
}

describe('Function: refreshingSlackHandler', () => {
  it('picks up a rotated signing secret in a warm container and uses it from then on', async () => {
    // Prepare
    const { handler, source, advance } = await setup({ signingSecret: 'old', botToken: 'xoxb-old' });
    expect((await handler(signedWith('old'), context)).statusCode).toBe(200);
    source.value = { signingSecret: 'new', botToken: 'xoxb-new' };
    advance(SLACK_SECRET_REREAD_EVERY_MS);

    // Act
    const first = await handler(signedWith('new'), context);
    const second = await handler(signedWith('new'), context);
    const old = await handler(signedWith('old'), context);

    // Assess: one re-read; the new secret and its bot token serve; the old secret is refused.
    expect(first).toEqual({ statusCode: 200, body: 'xoxb-new' });
    expect(second.statusCode).toBe(200);
    expect(old.statusCode).toBe(401);
    expect(source.reads).toBe(2);
  });

  it('re-reads at most once per window under a flood of bad signatures', async () => {
    // Prepare
    const { handler, source, advance } = await setup({ signingSecret: 'right' });

    // Act: 50 refused requests a second for three windows, plus one right after the container started.
    const statuses = new Set<number>();
    statuses.add((await handler(signedWith('forged'), context)).statusCode);
    for (let second = 0; second < (3 * SLACK_SECRET_REREAD_EVERY_MS) / 1_000; second++) {
      advance(1_000);
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => handler(signedWith('forged'), context)),
      );
      for (const answer of answers) statuses.add(answer.statusCode);
    }

    // Assess: the read at start plus one per elapsed window, and every request refused.
    expect(source.reads).toBe(1 + 3);
    expect([...statuses]).toEqual([401]);
  });

  it('does not re-read within the window of the read at container start', async () => {
    const { handler, source, advance } = await setup({ signingSecret: 'old' });
    source.value = { signingSecret: 'new' };
    advance(SLACK_SECRET_REREAD_EVERY_MS - 1);

    expect((await handler(signedWith('new'), context)).statusCode).toBe(401);
    expect(source.reads).toBe(1);

    advance(1);
    expect((await handler(signedWith('new'), context)).statusCode).toBe(200);
    expect(source.reads).toBe(2);
  });

  it('keeps the secret in use when the re-read fails or the new secret has no signing secret', async () => {
    // Prepare
    const { handler, source, log, advance } = await setup({ signingSecret: 'kept' });

    // Act
    source.failNext = true;
    advance(SLACK_SECRET_REREAD_EVERY_MS);
    const failedRead = await handler(signedWith('forged'), context);
    source.value = {};
    advance(SLACK_SECRET_REREAD_EVERY_MS);
    const emptied = await handler(signedWith('forged'), context);
    const valid = await handler(signedWith('kept'), context);

    // Assess
    expect([failedRead.statusCode, emptied.statusCode, valid.statusCode]).toEqual([401, 401, 200]);
    expect(source.reads).toBe(3);
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });
});
