import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultQueue } from './fault-queue.js';
import { type FileMethods, uploadedBytes } from './file-methods.js';
import { answerResponseUrl } from './response-url.js';
import { parseBody } from './slack-limits.js';
import type { RequestLog, SlackFault, Workspace } from './slack-types.js';
import type { FakeSocketMode } from './socket-mode.js';
import { answerCommandHook, COMMAND_HOOK_PATH } from './socket-mode-hook.js';
import { type Reply, readBody, untilDelayOrHangUp } from './web-api-replies.js';

/** What the HTTP side of the emulator needs from it. */
export interface SlackHttpHost {
  readonly requests: RequestLog[];
  readonly faults: FaultQueue;
  readonly files: FileMethods;
  readonly socketMode: FakeSocketMode;
  readonly workspace: Workspace;
  /** What a response URL's answers post into and record. */
  readonly responseUrls: Parameters<typeof answerResponseUrl>[3];
  origin(): string;
  isDown(): 'reset' | 503 | false;
  /** Every Web API call, answered or refused, for the traffic log. */
  record(
    method: string,
    params: Record<string, unknown> | undefined,
    answer: { status: number; error?: string },
  ): void;
  answer(
    method: string,
    params: Record<string, unknown> | undefined,
    authorization: string | undefined,
    fault: SlackFault | undefined,
  ): Promise<Reply>;
}

/**
 * One HTTP request to the emulator: a Web API call under `/api/` (a fault with a body is a proxy
 * answering instead of Slack), else one of the URLs Slack hands out. Answers as Slack does: HTTP 200
 * with `{ ok: false, error }`, or a status and Retry-After.
 */
export async function serveSlackRequest(
  host: SlackHttpHost,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
  if (host.isDown() === 'reset') {
    req.socket.destroy();
    return;
  }
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (!path.startsWith('/api/')) {
    await serveHook(host, path, req, res);
    return;
  }
  const raw = await readBody(req);
  const params = parseBody(raw, req.headers['content-type']);
  const channel = typeof params?.channel === 'string' ? params.channel : undefined;
  const fault = host.faults.take(method);
  if (fault && 'body' in fault) {
    // Not Slack answering: a proxy or load balancer in between. Nothing was performed.
    host.requests.push({ method, ...(channel ? { channel } : {}), status: fault.status ?? 200 });
    host.record(method, params, { status: fault.status ?? 200 });
    res.writeHead(fault.status ?? 200, { 'content-type': fault.contentType ?? 'text/html' });
    res.end(fault.body);
    return;
  }
  const reply = await host.answer(method, params, req.headers.authorization, fault);
  host.requests.push({
    method,
    ...(channel ? { channel } : {}),
    status: reply.status,
    ...(reply.error ? { error: reply.error } : {}),
  });
  host.record(method, params, reply);
  if (fault && 'performThenDelayMs' in fault) await untilDelayOrHangUp(req, fault.performThenDelayMs);
  if (res.destroyed || req.socket.destroyed) return;
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    ...(reply.retryAfter !== undefined ? { 'retry-after': String(reply.retryAfter) } : {}),
  });
  res.end(
    JSON.stringify(
      reply.error ? { ok: false, error: reply.error, ...reply.body } : { ok: true, ...reply.body },
    ),
  );
}

/** The URLs Slack hands out besides the Web API (upload and response URLs), and the command hook. */
async function serveHook(
  host: SlackHttpHost,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const upload = /^\/upload\/v1\/([^/]+)$/.exec(path);
  if (upload?.[1]) {
    const bytes = await uploadedBytes(req).catch(() => undefined);
    // A multipart body that does not parse is refused whole (Slack's answer to it is not documented).
    const answer = bytes ? host.files.receive(upload[1], bytes) : { status: 400, body: 'invalid_form_data' };
    res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
    return;
  }
  const raw = await readBody(req);
  if (path === COMMAND_HOOK_PATH) {
    const channel = [...host.workspace.channels][0] ?? 'C0ALERTS';
    const typed = await answerCommandHook(host.socketMode, parseBody(raw, req.headers['content-type']), {
      user: 'U0OPERATOR',
      channel,
    });
    res.writeHead(typed.status, { 'content-type': 'application/json' }).end(JSON.stringify(typed.body));
    return;
  }
  const answer = answerResponseUrl(path, `${host.origin()}${path}`, raw, host.responseUrls);
  res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
}
