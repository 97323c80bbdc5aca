import type { IncomingMessage } from 'node:http';
import type { RecordedMessage } from './slack-types.js';

/**
 * The shapes of Slack Web API answers the emulator gives: ok/error bodies, the scopes each method needs,
 * metadata and time-window parsing, message views and cursor pages.
 */

export interface Reply {
  status: number;
  error?: string;
  body?: Record<string, unknown>;
  retryAfter?: number;
}

/** The scopes each method needs (any one of them), as Slack documents them. */
export const SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.history': ['channels:history', 'groups:history'],
  'conversations.replies': ['channels:history', 'groups:history'],
  'conversations.list': ['channels:read', 'groups:read'],
  'conversations.info': ['channels:read', 'groups:read'],
  'conversations.members': ['channels:read', 'groups:read'],
  'conversations.create': ['channels:manage', 'groups:write'],
  'conversations.open': ['im:write', 'mpim:write', 'channels:manage', 'groups:write'],
  'conversations.invite': ['channels:manage', 'groups:write'],
  'conversations.archive': ['channels:manage', 'groups:write'],
  'chat.postEphemeral': ['chat:write'],
  'usergroups.users.list': ['usergroups:read'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
};

export function ok(body: Record<string, unknown>): Reply {
  return { status: 200, body };
}

/** Slack's errors are HTTP 200 with `ok: false`; only rate limits and outages use other statuses. */
export function fail(error: string, status = 200, body?: Record<string, unknown>): Reply {
  return { status, error, ...(body ? { body } : {}) };
}

/** Holds an answer back for `ms`, or until the client gives up and closes the connection. */
export function untilDelayOrHangUp(req: IncomingMessage, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    req.socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBytes(req)).toString('utf8');
}

export async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `metadata` arrives JSON-encoded in form bodies; null = present but not a valid metadata object. */
export function parseMetadata(raw: unknown): RecordedMessage['metadata'] | null | undefined {
  if (raw === undefined || raw === '') return undefined;
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  const m = value as { event_type?: unknown; event_payload?: unknown };
  if (typeof m?.event_type !== 'string' || typeof m.event_payload !== 'object' || m.event_payload === null)
    return null;
  return { event_type: m.event_type, event_payload: m.event_payload as Record<string, unknown> };
}

export function timeWindow(params: Record<string, unknown>): (ts: string) => boolean {
  const oldest = Number(params.oldest ?? 0);
  const latest = params.latest === undefined ? Number.POSITIVE_INFINITY : Number(params.latest);
  const inclusive = params.inclusive === true || params.inclusive === 'true' || params.inclusive === '1';
  return (ts) => {
    const t = Number(ts);
    return inclusive ? t >= oldest && t <= latest : t > oldest && t < latest;
  };
}

/** A message as history/replies show it: metadata only when asked for with include_all_metadata. */
export function view(m: RecordedMessage, includeMetadata: unknown): Record<string, unknown> {
  const withMetadata = includeMetadata === true || includeMetadata === 'true' || includeMetadata === '1';
  const latest = m.updates.at(-1);
  return {
    type: 'message',
    ts: m.ts,
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    text: latest?.text ?? m.text ?? '',
    ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
  };
}

/** Cursor pagination as Slack does it: `limit` (default 100, at most 1,000) and an opaque `next_cursor`. */
export function page(all: unknown[], params: Record<string, unknown>, key: string): Reply {
  const limit = Math.min(1000, Math.max(1, Number(params.limit ?? 100) || 100));
  const cursor = typeof params.cursor === 'string' && params.cursor ? params.cursor : undefined;
  const start = cursor
    ? Number(
        Buffer.from(cursor, 'base64')
          .toString('utf8')
          .replace(/^offset:/, ''),
      )
    : 0;
  if (!Number.isInteger(start) || start < 0) return fail('invalid_cursor');
  const slice = all.slice(start, start + limit);
  const more = start + limit < all.length;
  return ok({
    [key]: slice,
    has_more: more,
    response_metadata: { next_cursor: more ? Buffer.from(`offset:${start + limit}`).toString('base64') : '' },
  });
}
