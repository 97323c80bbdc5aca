import { createHash } from 'node:crypto';
import type { TriggerEvent } from '../../domain/triggers/trigger-event.js';
import { InvalidTriggerError, TriggerUnauthorizedError } from './errors.js';
import { genericTriggerSchema } from './generic-schema.js';
import type { TriggerRequest } from './http-request.js';
import { issuesLine, quoted } from './issues.js';
import { anySignatureMatches, v1Signatures } from './signatures.js';

export const TIMESTAMP_HEADER = 'x-lookout-timestamp';
export const SIGNATURE_HEADER = 'x-lookout-signature';
/** A signed trigger is taken this long either side of its timestamp (clock skew included). */
export const TIMESTAMP_WINDOW_SECONDS = 300;

/** A verified generic request: the key that recognises a replay of it, and its signing time. */
export interface VerifiedSignature {
  /** Hex SHA-256 of exactly the bytes the signature covers (timestamp + body). */
  replayKey: string;
  signedAt: Date;
}

/**
 * Checks `X-Lookout-Signature: v1=<hex HMAC-SHA256(secret, timestamp + body)>` against every configured
 * secret (several while one is rotated out) and that `X-Lookout-Timestamp` (Unix seconds) is within
 * 5 minutes of now. Throws a 401 naming the header otherwise.
 * @example verifyGenericSignature(request, ['s3cret'], new Date())
 */
export function verifyGenericSignature(
  request: Pick<TriggerRequest, 'headers' | 'body'>,
  secrets: readonly string[],
  now: Date,
): VerifiedSignature {
  if (!secrets.length) {
    throw new TriggerUnauthorizedError('signed triggers are not set up: no trigger secret is configured');
  }
  const stamp = request.headers[TIMESTAMP_HEADER];
  if (stamp === undefined) throw new TriggerUnauthorizedError('X-Lookout-Timestamp: missing (Unix seconds)');
  if (!/^\d{1,12}$/.test(stamp.trim())) {
    throw new TriggerUnauthorizedError(`X-Lookout-Timestamp: expected Unix seconds, got ${quoted(stamp)}`);
  }
  const seconds = Number(stamp.trim());
  const skew = Math.round(Math.abs(now.getTime() / 1000 - seconds));
  if (skew > TIMESTAMP_WINDOW_SECONDS) {
    throw new TriggerUnauthorizedError(
      `X-Lookout-Timestamp: ${seconds} is ${skew} s from now; a trigger must be signed within ${TIMESTAMP_WINDOW_SECONDS} s`,
    );
  }
  const signatures = v1Signatures(request.headers[SIGNATURE_HEADER]);
  if (!signatures.length) {
    throw new TriggerUnauthorizedError(
      'X-Lookout-Signature: missing (expected v1=<hex HMAC-SHA256 of timestamp + body>)',
    );
  }
  if (!anySignatureMatches(secrets, signatures, stamp.trim(), request.body)) {
    throw new TriggerUnauthorizedError('X-Lookout-Signature: does not match the timestamp and body');
  }
  return { replayKey: signedMessageDigest(stamp.trim(), request.body), signedAt: new Date(seconds * 1000) };
}

/**
 * The replay key is a digest of what the signature authenticates, not any signature from the header: a
 * replayer can list junk `v1=` values around the valid one, reorder them, change hex case, or resend a
 * signature made under another configured secret (rotation), but cannot change the timestamp or body
 * without the signature failing. Hashed with no separator, like the HMAC, so two requests share a key
 * exactly when they carry the same signed bytes.
 */
function signedMessageDigest(stamp: string, body: Uint8Array): string {
  return createHash('sha256').update(stamp).update(body).digest('hex');
}

/**
 * A generic trigger from its JSON: `replayId` identifies the delivery when the trigger has no `id`
 * (the digest of the signed timestamp + body over HTTPS, the event id on EventBridge); `at` is its time when it names none.
 */
export function parseGenericTrigger(
  raw: unknown,
  context: { via: TriggerEvent['via']; replayId: string; at: string; root?: string },
): TriggerEvent {
  const parsed = genericTriggerSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InvalidTriggerError(`invalid trigger: ${issuesLine(context.root ?? '', parsed.error)}`);
  }
  const t = parsed.data;
  return {
    sender: 'generic',
    via: context.via,
    action: t.action,
    dedupId: t.id ? `id:${t.id}` : `sig:${context.replayId}`,
    key: t.key ?? t.name,
    name: t.name,
    at: t.at ? new Date(t.at).toISOString() : context.at,
    ...(t.summary ? { summary: t.summary } : {}),
    ...(t.by ? { by: t.by } : {}),
    ...(t.severity ? { severity: t.severity } : {}),
    ...(t.runbook ? { runbook: t.runbook } : {}),
    ...(t.url ? { url: t.url } : {}),
  };
}
