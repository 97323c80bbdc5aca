/**
 * Why Bolt could not read a (signed) request body, or undefined when it can. Bolt's Lambda receiver
 * JSON-parses a JSON body, or the `payload` field of a form body, and throws on a bad one, which would
 * reach Slack as a 500 with no reason; the handler answers 400 with this sentence instead. It reads the
 * body exactly as Bolt will (the same content types, the same field).
 */
export function unreadableBody(body: string, contentType: string | undefined): string | undefined {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('application/json')) return notJson(body, 'the JSON body');
  if (!type.includes('application/x-www-form-urlencoded')) return undefined;
  const payload = new URLSearchParams(body).get('payload');
  return payload === null ? undefined : notJson(payload, 'the payload field');
}

function notJson(text: string, what: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    return `${what} is not JSON; Lookout reads only what Slack sends`;
  }
}
