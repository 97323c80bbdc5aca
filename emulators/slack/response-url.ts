import type { PostingDesk } from './chat-methods.js';
import type { Interactions } from './interactions.js';
import { checkContent, isObject } from './slack-limits.js';
import type { RecordedEphemeral, RecordedResponse, Workspace } from './slack-types.js';

/**
 * A POST to a response_url: an ephemeral answer (the default), an in-channel one, or a replacement or
 * deletion of the message the button was on. Each accepted answer uses one of the URL's 5 uses.
 */
export interface ResponseAnswer {
  status: number;
  contentType: string;
  body: string;
}

export function answerResponseUrl(
  path: string,
  url: string,
  raw: string,
  deps: {
    workspace: Workspace;
    desk: PostingDesk;
    interactions: Interactions;
    ephemerals: RecordedEphemeral[];
    responses: RecordedResponse[];
  },
): ResponseAnswer {
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    body = isObject(parsed) ? parsed : undefined;
  } catch {
    body = undefined;
  }
  const answer = (status: number, error?: string): ResponseAnswer => {
    deps.responses.push({ url, status, ...(error ? { error } : {}), body });
    return {
      status,
      contentType: 'application/json',
      body: JSON.stringify(error ? { ok: false, error } : { ok: true }),
    };
  };
  const found = deps.interactions.response(path);
  if ('error' in found) return answer(found.status, found.error);
  if (!body) {
    deps.responses.push({ url, status: 400, error: 'invalid_payload', body });
    return { status: 400, contentType: 'text/plain', body: 'invalid_payload' };
  }
  const { target } = found;
  const original = deps.workspace.messages.find(
    (m) => m.channel === target.channel && m.ts === target.messageTs && !m.deleted,
  );
  if (body.delete_original === true || body.delete_original === 'true') {
    if (original) original.deleted = true;
    target.uses++;
    return answer(200);
  }
  const content = checkContent(body);
  if ('error' in content) return answer(200, content.error);
  const threadTs = typeof body.thread_ts === 'string' && body.thread_ts ? body.thread_ts : undefined;
  if ((body.replace_original === true || body.replace_original === 'true') && original) {
    original.updates.push(content);
  } else if (body.response_type === 'in_channel' && target.channel) {
    const message = {
      channel: target.channel,
      ts: deps.desk.nextTs(),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...content,
      updates: [],
    };
    deps.workspace.messages.push(message);
    deps.desk.announce(message);
  } else {
    deps.ephemerals.push({
      channel: target.channel ?? '',
      user: target.user,
      message_ts: deps.desk.nextTs(),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...content,
      via: 'response_url',
    });
  }
  target.uses++;
  return answer(200);
}
