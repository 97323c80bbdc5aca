import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RawData } from 'ws';
import type { InteractionContext } from './interactions.js';
import type { SlashCommandPayload } from './slack-types.js';
import { overdue } from './socket-mode-ack-window.js';
import { readAck, recordedAck, wireEnvelope } from './socket-mode-acks.js';
import { SocketModeActivityFeed } from './socket-mode-activity.js';
import { type Connection, SocketModeConnections } from './socket-mode-connections.js';
import {
  eventEnvelope,
  type InteractionInput,
  interactionEnvelope,
  slashCommandEnvelope,
} from './socket-mode-payloads.js';
import {
  APP_ID,
  type DeliveredEnvelope,
  type DisconnectReason,
  type Envelope,
  type RecordedAck,
  type SocketModeActivity,
  type SocketModeOptions,
} from './socket-mode-types.js';
import { fail, ok, type Reply } from './web-api-replies.js';

export { ACK_WINDOW_MS, EVENT_RETRY_DELAYS_MS } from './socket-mode-ack-window.js';
export type { InteractionInput } from './socket-mode-payloads.js';
export * from './socket-mode-types.js';

/** What the emulator needs from the Web API emulator it is part of. */
export interface SocketModeHost {
  clock: () => number;
  /** `http://127.0.0.1:<port>`: the WebSocket URLs live on the same server, as `ws://`. */
  origin: () => string;
  slashCommand: (command: {
    command: string;
    text?: string;
    user: string;
    channel: string;
  }) => SlashCommandPayload;
  interaction: (context: InteractionContext) => { trigger_id: string; response_url?: string };
  userName: (user: string) => string;
}

/**
 * Slack's Socket Mode on the Web API emulator's server: `apps.connections.open` hands out one-use
 * WebSocket URLs for app-level tokens, a connection is greeted with `hello`, envelopes go to the newest
 * connection and must be acked within 3 s of the injected clock; unacked Events API envelopes are sent
 * again with `retry_attempt`/`retry_reason`, and `disconnect` asks the app to reconnect.
 * Connections are `socket-mode-connections.ts`'s; the ack window's rules `socket-mode-ack-window.ts`'s.
 */
export class FakeSocketMode {
  /** Every envelope sent, oldest first, with its attempts and ack. */
  readonly envelopes: DeliveredEnvelope[] = [];
  /** Every ack received, in arrival order (lost ones too, marked). */
  readonly acks: RecordedAck[] = [];
  private readonly appTokens: Set<string>;
  private readonly activity = new SocketModeActivityFeed();
  private readonly connections = new SocketModeConnections({
    message: (connection, data) => this.receive(connection, data),
    announce: (activity) => this.activity.announce(activity),
  });
  private acksToLose = 0;
  private readonly sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: SocketModeHost,
    options: SocketModeOptions = {},
  ) {
    this.appTokens = new Set(options.appTokens ?? []);
    if (options.sweepEveryMs) {
      this.sweep = setInterval(() => this.redeliverOverdue(), options.sweepEveryMs);
      this.sweep.unref();
    }
  }

  /** `apps.connections.open`: a fresh one-use URL for an app-level token; bot tokens are the wrong type. */
  open(token: string, isBotToken: boolean): Reply {
    if (!this.appTokens.has(token)) return fail(isBotToken ? 'not_allowed_token_type' : 'invalid_auth');
    const ticket = this.connections.issueTicket();
    const origin = this.host.origin().replace(/^http/, 'ws');
    return ok({ url: `${origin}/link/?ticket=${ticket}&app_id=${APP_ID}` });
  }

  isAppToken(token: string): boolean {
    return this.appTokens.has(token);
  }

  /** An HTTP upgrade on the shared server: accepted for a ticket not used before, else 401. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.connections.upgrade(req, socket, head);
  }

  /** Open connections that were greeted. */
  get openConnections(): number {
    return this.connections.open;
  }

  /** How many connections have been greeted since the start (reconnects count). */
  get greeted(): number {
    return this.connections.greeted;
  }

  /** Resolves once `count` connections have been greeted since the start. */
  untilGreeted(count: number): Promise<void> {
    return this.until(() => this.connections.greeted >= count);
  }

  /** Resolves with the first ack of `envelopeId` that was not lost. */
  async untilAcked(envelopeId: string): Promise<RecordedAck> {
    await this.until(() => this.envelope(envelopeId)?.ack !== undefined);
    return this.envelope(envelopeId)?.ack as RecordedAck;
  }

  /** Resolves once `envelopeId` has been sent `count` times. */
  untilAttempts(envelopeId: string, count: number): Promise<void> {
    return this.until(() => (this.envelope(envelopeId)?.attempts.length ?? 0) >= count);
  }

  /** Calls `listener` with each connection, delivery, ack and time-out; returns the way to stop. */
  onActivity(listener: (activity: SocketModeActivity) => void): () => void {
    return this.activity.on(listener);
  }

  /** A person typed a slash command: a `slash_commands` envelope with a fresh trigger and response URL. */
  sendSlashCommand(command: {
    command: string;
    text?: string;
    user: string;
    channel: string;
  }): DeliveredEnvelope {
    return this.deliver(slashCommandEnvelope(this.host.slashCommand(command)));
  }

  /** A person pressed a button, used a shortcut or submitted a modal: an `interactive` envelope. */
  sendInteraction(input: InteractionInput): DeliveredEnvelope {
    const handles = this.host.interaction({
      user: input.user,
      ...(input.channel ? { channel: input.channel } : {}),
      ...(input.messageTs ? { messageTs: input.messageTs } : {}),
    });
    return this.deliver(interactionEnvelope(input, handles, this.host.userName(input.user)));
  }

  /** Something happened that the app subscribed to: an `events_api` envelope around `event`. */
  sendEvent(event: Record<string, unknown>): DeliveredEnvelope {
    return this.deliver(eventEnvelope(event, this.host.clock()));
  }

  /** Slack's `disconnect` message to every open connection (the app is expected to reconnect). */
  disconnect(reason: DisconnectReason = 'refresh_requested'): void {
    this.connections.broadcast(
      JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-emulator' } }),
    );
  }

  /** The next `n` acks are dropped on the way, as if the connection broke before they arrived. */
  loseAcks(n: number): void {
    this.acksToLose += n;
  }

  /**
   * Applies the ack window on the emulator's clock: an Events API envelope with no ack is sent again
   * when its retry is due (up to three times); a slash command or interaction is given up on.
   * Returns how many envelopes were sent again.
   */
  redeliverOverdue(): number {
    const now = this.host.clock();
    let sent = 0;
    for (const envelope of this.envelopes) {
      const due = overdue(envelope, now);
      if (due.kind === 'wait') continue;
      if (due.kind === 'time-out') {
        envelope.timedOut = true;
        this.activity.announce({ kind: 'timed-out', envelope_id: envelope.envelope_id, type: envelope.type });
        continue;
      }
      const connection = this.connections.newest();
      if (!connection) continue;
      this.send(connection, envelope, due.retryAttempt);
      sent++;
    }
    return sent;
  }

  /** An envelope sent, with its attempts and the ack that answered it. */
  envelope(envelopeId: string): DeliveredEnvelope | undefined {
    return this.envelopes.find((e) => e.envelope_id === envelopeId);
  }

  async stop(): Promise<void> {
    if (this.sweep) clearInterval(this.sweep);
    await this.connections.stop();
  }

  /** Resolves when `done()` holds, checked after each connection, delivery and ack (no polling). */
  until(done: () => boolean): Promise<void> {
    return this.activity.until(done);
  }

  private deliver(envelope: Envelope): DeliveredEnvelope {
    const connection = this.connections.newest();
    if (!connection) throw new Error('no Socket Mode connection is open: the app is not connected');
    const delivered: DeliveredEnvelope = {
      envelope_id: envelope.envelope_id,
      type: envelope.type,
      payload: envelope.payload,
      accepts_response_payload: envelope.accepts_response_payload,
      attempts: [],
      timedOut: false,
    };
    this.envelopes.push(delivered);
    this.send(connection, delivered, 0);
    return delivered;
  }

  private send(connection: Connection, envelope: DeliveredEnvelope, retry: number): void {
    const wire = wireEnvelope(envelope, retry);
    envelope.attempts.push({ at: this.host.clock(), connection: connection.id, retry_attempt: retry });
    connection.socket.send(JSON.stringify(wire));
    this.activity.announce({ kind: 'delivered', envelope: wire, connection: connection.id });
  }

  private receive(connection: Connection, data: RawData): void {
    const received = readAck(data);
    if (!received) return;
    const envelope = this.envelope(received.envelope_id);
    const at = this.host.clock();
    const lost = this.acksToLose > 0;
    if (lost) this.acksToLose--;
    const ack = recordedAck(received, envelope, { at, connection: connection.id, lost });
    this.acks.push(ack);
    if (!lost && envelope && !envelope.ack) envelope.ack = ack;
    this.activity.announce({ kind: 'acked', ack });
  }
}
