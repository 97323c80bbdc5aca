import * as z from '../../shared/zod.js';
import { InvalidTriggerError, TriggerTooLargeError } from './errors.js';
import { issuesLine } from './issues.js';

/** Largest body taken (bytes, after base64 decoding); a Function URL itself would take 6 MB. */
export const MAX_BODY_BYTES = 256 * 1024;

/** A trigger request as the verifiers see it: the raw bytes the sender signed, headers lower-cased. */
export interface TriggerRequest {
  method: string;
  path: string;
  headers: Readonly<Record<string, string>>;
  body: Buffer;
}

/** The parts of a Lambda Function URL event (payload format 2.0) a trigger needs. */
const functionUrlEventSchema = z.object({
  rawPath: z.string(),
  headers: z.optional(z.record(z.string(), z.string())),
  body: z.optional(z.string()),
  isBase64Encoded: z.optional(z.boolean()),
  requestContext: z.object({ http: z.object({ method: z.string() }) }),
});

/**
 * The request of a Function URL event, its body decoded when base64 and refused (413) over 256 KB
 * before it is decoded or parsed.
 */
export function requestFromFunctionUrl(event: unknown): TriggerRequest {
  const parsed = functionUrlEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new InvalidTriggerError(`not a Function URL event: ${issuesLine('', parsed.error)}`);
  }
  const { rawPath, headers = {}, body = '', isBase64Encoded = false } = parsed.data;
  // Base64 holds 3 bytes in 4 characters: refuse by the encoded length first, never decode a huge body.
  const roughBytes = isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body);
  if (roughBytes > MAX_BODY_BYTES + 2) throw tooLarge(roughBytes);
  const bytes = Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > MAX_BODY_BYTES) throw tooLarge(bytes.length);
  return {
    method: parsed.data.requestContext.http.method.toUpperCase(),
    path: rawPath,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: bytes,
  };
}

function tooLarge(bytes: number): TriggerTooLargeError {
  return new TriggerTooLargeError(`body: ${bytes} bytes is over the ${MAX_BODY_BYTES}-byte (256 KB) limit`);
}

/** The body as JSON, or a 400 saying why not. */
export function jsonBody(request: Pick<TriggerRequest, 'body'>): unknown {
  if (request.body.length === 0) throw new InvalidTriggerError('body: empty; expected a JSON object');
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch (cause) {
    throw new InvalidTriggerError(`body: not valid JSON (${(cause as Error).message})`, { cause });
  }
}
