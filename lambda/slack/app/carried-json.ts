import type * as z from '../../shared/zod.js';

/**
 * What Lookout put into a modal's `private_metadata` or a button's `value`, read back: Slack returns
 * them verbatim, but the request is the sender's to shape, so anything that is not JSON matching the
 * schema is undefined (the listener then says it cannot act on it), never an exception.
 * @example readCarriedJson(schema, view.private_metadata)
 */
export function readCarriedJson<T>(schema: z.ZodMiniType<T>, text: string | undefined): T | undefined {
  if (!text) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
