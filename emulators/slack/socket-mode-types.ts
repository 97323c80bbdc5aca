/** What Slack's Socket Mode sends an app and what the emulator records of the app's answers. */

/** The kinds of envelope Slack delivers over a Socket Mode connection. */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** One envelope as it goes over the wire (`retry_*` only on `events_api`, as Slack sends them). */
export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** Why Slack asks an app to let a connection go: `warning` comes first, then `refresh_requested`. */
export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled';

/** An envelope the emulator delivered, with every attempt and what became of it. */
export interface DeliveredEnvelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  /** Each send: the emulator's clock, the connection it went over, and its `retry_attempt`. */
  attempts: { at: number; connection: number; retry_attempt: number }[];
  /** The first ack that arrived for it (late or not). */
  ack?: RecordedAck;
  /** The ack window passed with no ack and Slack gives up on it (what a person sees is an error). */
  timedOut: boolean;
}

/** An acknowledgement the app sent: `{ envelope_id, payload? }`. */
export interface RecordedAck {
  envelope_id: string;
  /** The envelope's kind, or undefined when the id is not one the emulator sent. */
  type?: EnvelopeType;
  payload?: Record<string, unknown>;
  /** On the emulator's clock. */
  at: number;
  /** Arrived after the 3-second window of the attempt it answers. */
  late: boolean;
  connection: number;
  /** Dropped on the way (`loseAcks`): the emulator acts as if it never came. */
  lost: boolean;
}

/** One line of what happened over Socket Mode, for `lookout emulate`'s log. */
export type SocketModeActivity =
  | { kind: 'connected'; connection: number; open: number }
  | { kind: 'closed'; connection: number; open: number }
  | { kind: 'delivered'; envelope: Envelope; connection: number }
  | { kind: 'acked'; ack: RecordedAck }
  | { kind: 'timed-out'; envelope_id: string; type: EnvelopeType };

export interface SocketModeOptions {
  /** App-level tokens (`xapp-…`) that may call `apps.connections.open`. */
  appTokens?: string[];
  /**
   * Check the ack window on a real timer every this many ms (for `lookout emulate`); tests leave it off
   * and call `redeliverOverdue()` after moving the clock.
   */
  sweepEveryMs?: number;
}

/** The app whose Socket Mode this is (`connection_info.app_id`, `api_app_id`). */
export const APP_ID = 'A0LOOKOUT';

/** The app-level token `lookout emulate` accepts and prints. */
export const EMULATOR_APP_TOKEN = 'xapp-1-A0LOOKOUT-1-lookout-emulator';
