import type { RawData } from 'ws';
import { ACK_WINDOW_MS } from './socket-mode-ack-window.js';
import type { DeliveredEnvelope, Envelope, RecordedAck } from './socket-mode-types.js';

/** An envelope as it goes over the wire on its `retry` (the `retry_*` fields only for `events_api`). */
export function wireEnvelope(envelope: DeliveredEnvelope, retry: number): Envelope {
  return {
    envelope_id: envelope.envelope_id,
    type: envelope.type,
    payload: envelope.payload,
    accepts_response_payload: envelope.accepts_response_payload,
    ...(envelope.type === 'events_api' ? { retry_attempt: retry, retry_reason: retry ? 'timeout' : '' } : {}),
  };
}

/** A message from the app that is an ack (`{ envelope_id, payload? }`); anything else is ignored. */
export function readAck(data: RawData): { envelope_id: string; payload?: unknown } | undefined {
  let message: unknown;
  try {
    message = JSON.parse(String(data));
  } catch {
    return undefined;
  }
  if (typeof message !== 'object' || message === null) return undefined;
  const { envelope_id, payload } = message as { envelope_id?: unknown; payload?: unknown };
  if (typeof envelope_id !== 'string') return undefined;
  return { envelope_id, payload };
}

/** The ack as recorded: late when it came after the window of the attempt it answers. */
export function recordedAck(
  received: { envelope_id: string; payload?: unknown },
  envelope: DeliveredEnvelope | undefined,
  at: { at: number; connection: number; lost: boolean },
): RecordedAck {
  const { envelope_id, payload } = received;
  const sentAt = envelope?.attempts.at(-1)?.at ?? at.at;
  return {
    envelope_id,
    ...(envelope ? { type: envelope.type } : {}),
    ...(payload && typeof payload === 'object' && Object.keys(payload).length
      ? { payload: payload as Record<string, unknown> }
      : {}),
    at: at.at,
    late: at.at - sentAt > ACK_WINDOW_MS,
    connection: at.connection,
    lost: at.lost,
  };
}
