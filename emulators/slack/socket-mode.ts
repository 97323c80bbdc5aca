import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { InteractionContext } from './interactions.js';
import type { SlashCommandPayload } from './slack-types.js';
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

export type { InteractionInput } from './socket-mode-payloads.js';
export * from './socket-mode-types.js';

/** Slack's ack window: an envelope not acknowledged within it has failed. */
export const ACK_WINDOW_MS = 3_000;
/**
 * When an unacknowledged Events API envelope is sent again, counted from the end of the first ack
 * window: at once, after a minute, after five (Slack's Events API retry schedule; three retries).
 */
export const EVENT_RETRY_DELAYS_MS = [0, 60_000, 300_000] as const;

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

interface Connection {
  id: number;
  socket: WebSocket;
}

/**
 * Slack's Socket Mode on the Web API emulator's server: `apps.connections.open` hands out one-use
 * WebSocket URLs for app-level tokens, a connection is greeted with `hello`, envelopes go to the newest
 * connection and must be acked within 3 s of the injected clock; unacked Events API envelopes are sent
 * again with `retry_attempt`/`retry_reason`, and `disconnect` asks the app to reconnect.
 */
export class FakeSocketMode {
  /** Every envelope sent, oldest first, with its attempts and ack. */
  readonly envelopes: DeliveredEnvelope[] = [];
  /** Every ack received, in arrival order (lost ones too, marked). */
  readonly acks: RecordedAck[] = [];
  private readonly appTokens: Set<string>;
  private readonly tickets = new Set<string>();
  private readonly connections: Connection[] = [];
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly listeners = new Set<(activity: SocketModeActivity) => void>();
  private readonly waiters: (() => void)[] = [];
  private connectionSequence = 0;
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
    const ticket = randomBytes(16).toString('hex');
    this.tickets.add(ticket);
    const origin = this.host.origin().replace(/^http/, 'ws');
    return ok({ url: `${origin}/link/?ticket=${ticket}&app_id=${APP_ID}` });
  }

  isAppToken(token: string): boolean {
    return this.appTokens.has(token);
  }

  /** An HTTP upgrade on the shared server: accepted for a ticket not used before, else 401. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /** Open connections that were greeted. */
  get openConnections(): number {
    return this.connections.length;
  }

  /** How many connections have been greeted since the start (reconnects count). */
  get greeted(): number {
    return this.connectionSequence;
  }

  /** Resolves once `count` connections have been greeted since the start. */
  untilGreeted(count: number): Promise<void> {
    return this.until(() => this.connectionSequence >= count);
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
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
    const message = JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-emulator' } });
    for (const { socket } of this.connections) socket.send(message);
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
      if (envelope.ack || envelope.timedOut) continue;
      const first = envelope.attempts[0]?.at ?? now;
      const last = envelope.attempts.at(-1)?.at ?? now;
      if (now - last <= ACK_WINDOW_MS) continue;
      const retry = envelope.attempts.length - 1;
      if (envelope.type !== 'events_api' || retry >= EVENT_RETRY_DELAYS_MS.length) {
        envelope.timedOut = true;
        this.announce({ kind: 'timed-out', envelope_id: envelope.envelope_id, type: envelope.type });
        continue;
      }
      if (now < first + ACK_WINDOW_MS + (EVENT_RETRY_DELAYS_MS[retry] ?? 0)) continue;
      const connection = this.newest();
      if (!connection) continue;
      this.send(connection, envelope, retry + 1);
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
    for (const { socket } of this.connections.splice(0)) socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const connection = { id: ++this.connectionSequence, socket };
    this.connections.push(connection);
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.receive(connection, data);
    });
    socket.on('close', () => {
      const index = this.connections.indexOf(connection);
      if (index >= 0) this.connections.splice(index, 1);
      this.announce({ kind: 'closed', connection: connection.id, open: this.connections.length });
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connections.length,
        debug_info: { host: 'applink-emulator', build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: APP_ID },
      }),
    );
    this.announce({ kind: 'connected', connection: connection.id, open: this.connections.length });
  }

  private deliver(envelope: Envelope): DeliveredEnvelope {
    const connection = this.newest();
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
    const wire: Envelope = {
      envelope_id: envelope.envelope_id,
      type: envelope.type,
      payload: envelope.payload,
      accepts_response_payload: envelope.accepts_response_payload,
      ...(envelope.type === 'events_api'
        ? { retry_attempt: retry, retry_reason: retry ? 'timeout' : '' }
        : {}),
    };
    envelope.attempts.push({ at: this.host.clock(), connection: connection.id, retry_attempt: retry });
    connection.socket.send(JSON.stringify(wire));
    this.announce({ kind: 'delivered', envelope: wire, connection: connection.id });
  }

  private receive(connection: Connection, data: RawData): void {
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { envelope_id, payload } = message as { envelope_id?: unknown; payload?: unknown };
    if (typeof envelope_id !== 'string') return;
    const envelope = this.envelope(envelope_id);
    const at = this.host.clock();
    const sentAt = envelope?.attempts.at(-1)?.at ?? at;
    const lost = this.acksToLose > 0;
    if (lost) this.acksToLose--;
    const ack: RecordedAck = {
      envelope_id,
      ...(envelope ? { type: envelope.type } : {}),
      ...(payload && typeof payload === 'object' && Object.keys(payload).length
        ? { payload: payload as Record<string, unknown> }
        : {}),
      at,
      late: at - sentAt > ACK_WINDOW_MS,
      connection: connection.id,
      lost,
    };
    this.acks.push(ack);
    if (!lost && envelope && !envelope.ack) envelope.ack = ack;
    this.announce({ kind: 'acked', ack });
  }

  private newest(): Connection | undefined {
    return this.connections.at(-1);
  }

  private announce(activity: SocketModeActivity): void {
    for (const listener of this.listeners) listener(activity);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves when `done()` holds, checked after each connection, delivery and ack (no polling). */
  until(done: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (done() ? resolve() : this.waiters.push(check));
      check();
    });
  }
}
