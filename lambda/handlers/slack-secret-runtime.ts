import type { SlackLambdaHandler } from '../app/slack-app.js';
import type { SlackSecret } from '../config/slack-secret.js';
import type { Log } from '../ports/log.js';

/**
 * At most one re-read of the Slack secret per container in this long. The Slack function is behind an
 * auth-NONE Function URL, so anyone can send it unsigned requests: re-reading on every refused one would
 * turn such a flood into as many GetSecretValue calls — billed per call, drawn from the account's
 * Secrets Manager request quota that the probe and the worker also read from, and a network round trip
 * that keeps each refused request (and its slot of the capped concurrency) busy instead of answering in
 * microseconds. The price: after a rotation, requests signed with the new secret may be refused for up
 * to this long (Slack shows people an error; they try again).
 */
export const SLACK_SECRET_REREAD_EVERY_MS = 60_000;

export interface RefreshingSlackHandlerOptions {
  /** The signing secret and bot identity as they are now (the Slack secret under the environment's). */
  read: () => Promise<SlackSecret>;
  /** The handler that checks requests with one secret; throws when the secret cannot serve (no signing secret). */
  build: (secret: SlackSecret) => SlackLambdaHandler;
  log: Log;
  now?: () => number;
  rereadEveryMs?: number;
}

/**
 * The Slack function's handler over a secret that can rotate while the container is warm: a request
 * refused with 401 under the secret read before makes the container read the secret again (throttled,
 * see SLACK_SECRET_REREAD_EVERY_MS); if it changed, the handler is rebuilt with it, used from then on,
 * and the request is checked once more with it. Only 401s re-read: an accepted request proves the secret.
 * @example const handler = await refreshingSlackHandler({ read, build, log });
 */
export async function refreshingSlackHandler(
  options: RefreshingSlackHandlerOptions,
): Promise<SlackLambdaHandler> {
  const now = options.now ?? Date.now;
  const every = options.rereadEveryMs ?? SLACK_SECRET_REREAD_EVERY_MS;
  let secret = await options.read();
  let current = options.build(secret);
  let readAtMs = now();
  let rereading: Promise<void> | undefined;

  /** Reads the secret again; a failed read or an unusable new secret keeps the one in use. */
  async function reread(): Promise<void> {
    readAtMs = now();
    try {
      const fresh = await options.read();
      if (sameSecret(fresh, secret)) return;
      current = options.build(fresh);
      secret = fresh;
      options.log.info(
        'the Slack secret changed; requests are checked with the new signing secret from now on',
      );
    } catch (error) {
      options.log.warn(
        'could not use the Slack secret read again after a refused signature; keeping the one in use',
        {
          error,
        },
      );
    }
  }

  return async (event, context) => {
    const used = current;
    const response = await used(event, context);
    if (response.statusCode !== 401) return response;
    if (!rereading && now() - readAtMs >= every) {
      rereading = reread().finally(() => {
        rereading = undefined;
      });
    }
    await rereading;
    return current === used ? response : current(event, context);
  };
}

function sameSecret(a: SlackSecret, b: SlackSecret): boolean {
  return (
    a.signingSecret === b.signingSecret &&
    a.botToken === b.botToken &&
    a.botId === b.botId &&
    a.botUserId === b.botUserId
  );
}
