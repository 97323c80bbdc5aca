import { ResponseUrlError } from './errors.js';

/** A message for a `response_url` (ephemeral unless `in_channel`). */
export interface ResponseMessage {
  text: string;
  blocks?: unknown[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

/**
 * Whether a response URL carried through Slack (a modal's `private_metadata`) is one of Slack's: https
 * on hooks.slack.com, or on the host of the configured Slack API (`apiUrl`: the emulator). The worker
 * POSTs whatever it is given, so anything else could be made to receive a person's answer.
 */
export function isSlackResponseUrl(url: string, apiUrl?: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:' && parsed.hostname === 'hooks.slack.com' && !parsed.port) return true;
  if (!apiUrl) return false;
  try {
    return parsed.origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Answers through a request's `response_url`, as Slack documents it: a JSON POST, no token. The worker
 * uses this instead of Bolt's `respond`, so the worker function needs neither Bolt nor a bot token.
 * Slack refuses a sixth answer or one after 30 minutes (`used_url`, `expired_url`): that is thrown,
 * not retried, since asking again cannot succeed.
 */
export async function postToResponseUrl(
  url: string,
  message: ResponseMessage,
  fetchFn: FetchLike = fetch,
): Promise<void> {
  const response = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ response_type: 'ephemeral', ...message }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let reason = text;
  try {
    const body = JSON.parse(text) as { ok?: unknown; error?: unknown };
    if (response.ok && body.ok !== false) return;
    reason = typeof body.error === 'string' ? body.error : text;
  } catch {
    // Slack's hooks answer a bare `ok`; anything else non-JSON is a refusal in its own words.
    if (response.ok && (text === '' || text === 'ok')) return;
  }
  throw new ResponseUrlError(response.status, reason.slice(0, 200));
}
