import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { SlackAppDeps } from '../deps.js';
import { tellLater } from '../tell-later.js';
import { requestIdentity } from './request-identity.js';

/**
 * How long a request's claim is kept. Slack retries an event three times within about an hour and a
 * trigger id is useless after seconds; an hour covers both with room to spare.
 */
export const CLAIM_KEEP_MS = 60 * 60_000;

/**
 * Runs each thing a person did once: the first delivery claims its identity with one conditional write
 * and goes on; a retry (`X-Slack-Retry-Num`) or a duplicate delivery finds the claim taken and is only
 * acknowledged, so Slack stops sending it and nothing runs twice. Claiming comes before any listener
 * acts, reads included: a read answered twice would post twice.
 */
export function claimRequest(
  deps: Pick<SlackAppDeps, 'store' | 'now' | 'log' | 'handoff'>,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const identity = requestIdentity(args.body);
    if (identity === undefined) return args.next();
    const ack =
      'ack' in args && typeof args.ack === 'function'
        ? (args.ack as (m?: unknown) => Promise<void>)
        : undefined;
    let first: boolean;
    try {
      first = await deps.store.requests.claim('slack', identity, deps.now(), CLAIM_KEEP_MS);
    } catch (error) {
      // Without the claim Lookout cannot tell a retry from a first request: it does nothing, and says so.
      deps.log.error('could not claim a Slack request; nothing was done', error, { identity });
      const text =
        "Lookout did nothing: it could not record this request in its store, which it does first so that Slack's retries never act twice. Try again in a moment.";
      const body = args.body as { type?: unknown; user?: { id?: unknown } };
      // A modal's submission takes no message in its acknowledgement (Slack would show its generic
      // error): it closes, and the person is told afterwards.
      if (body.type !== 'view_submission') return void (await ack?.({ response_type: 'ephemeral', text }));
      await ack?.();
      if (typeof body.user?.id !== 'string') return;
      await tellLater(deps, { requestId: identity, user: body.user.id, text }).catch((tellError: unknown) =>
        deps.log.error('could not tell the person their submission did nothing', tellError, { identity }),
      );
      return;
    }
    if (first) return args.next();
    deps.log.info('a Slack request already handled came again; acknowledged only', {
      identity,
      // Bolt's Lambda receiver passes the header through as text, its other receivers as a number.
      ...(args.context.retryNum !== undefined ? { retryNum: Number(args.context.retryNum) } : {}),
      ...(args.context.retryReason !== undefined ? { retryReason: args.context.retryReason } : {}),
    });
    await ack?.();
  };
}
