import { sleep } from '../../lambda/shared/sleep.js';
import type { SlackFault } from './slack-types.js';
import type { FakeSocketMode } from './socket-mode.js';
import { type MethodContext, WEB_API_METHODS } from './web-api-methods.js';
import { fail, type Reply, SCOPES } from './web-api-replies.js';

/** What answering a Web API call needs beside the methods' own context. */
export interface AnswerContext {
  readonly methods: MethodContext;
  readonly socketMode: FakeSocketMode;
  readonly tokens: ReadonlySet<string>;
  readonly scopes: ReadonlySet<string> | undefined;
  isDown(): 'reset' | 503 | false;
  /** A `channel` argument as the methods want it: a `#name` resolved to its id. */
  channelId(value: unknown): string | undefined;
  /** Seconds until `method` may be called again by its tier (0 = now; a token was taken). */
  methodWait(method: string): number;
}

/**
 * One Web API call, checked in Slack's order — outage, body, injected fault, token, token type, scopes,
 * the method's tier limit — then handed to its method.
 */
export async function answerWebApi(
  ctx: AnswerContext,
  method: string,
  params: Record<string, unknown> | undefined,
  authorization: string | undefined,
  fault: SlackFault | undefined,
): Promise<Reply> {
  if (ctx.isDown() === 503) return fail('service_unavailable', 503);
  if (!params) return fail('invalid_json');
  if (fault && 'delayMs' in fault) await sleep(fault.delayMs);
  else if (fault && 'status' in fault) return fail(`http_${fault.status}`, fault.status);
  else if (fault && 'error' in fault) {
    if (fault.error === 'ratelimited')
      return { ...fail('ratelimited', 429), retryAfter: fault.retryAfter ?? 1 };
    return fail(fault.error);
  }
  const token = authorization?.replace(/^Bearer\s+/i, '') ?? (params.token as string | undefined);
  if (!token) return fail('not_authed');
  if (method === 'apps.connections.open') return ctx.socketMode.open(token, ctx.tokens.has(token));
  // An app-level token is for opening connections only: Slack refuses it everywhere else by its type.
  if (!ctx.tokens.has(token))
    return fail(ctx.socketMode.isAppToken(token) ? 'not_allowed_token_type' : 'invalid_auth');
  const needed = SCOPES[method];
  if (ctx.scopes && needed && !needed.some((scope) => ctx.scopes?.has(scope)))
    return fail('missing_scope', 200, { needed: needed.join(','), provided: [...ctx.scopes].join(',') });
  const wait = ctx.methodWait(method);
  if (wait > 0) return { ...fail('ratelimited', 429), retryAfter: Math.ceil(wait) };
  const channel = ctx.channelId(params.channel);
  const handler = WEB_API_METHODS.get(method);
  return handler ? handler(ctx.methods, params, channel) : fail('unknown_method', 404);
}
