import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { APP_ID, type SocketModeActivity } from './socket-mode-types.js';

export interface Connection {
  id: number;
  socket: WebSocket;
}

/**
 * The WebSocket side of Socket Mode: one-use tickets, the upgrade on the shared HTTP server, the `hello`
 * greeting, and the open connections (the newest is the one envelopes go to).
 */
export class SocketModeConnections {
  private readonly tickets = new Set<string>();
  private readonly connections: Connection[] = [];
  private readonly server = new WebSocketServer({ noServer: true });
  private sequence = 0;

  constructor(
    private readonly events: {
      message(connection: Connection, data: RawData): void;
      announce(activity: SocketModeActivity): void;
    },
  ) {}

  /** A fresh ticket for one connection's URL. */
  issueTicket(): string {
    const ticket = randomBytes(16).toString('hex');
    this.tickets.add(ticket);
    return ticket;
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
  get open(): number {
    return this.connections.length;
  }

  /** How many connections have been greeted since the start (reconnects count). */
  get greeted(): number {
    return this.sequence;
  }

  newest(): Connection | undefined {
    return this.connections.at(-1);
  }

  /** Sends `message` to every open connection. */
  broadcast(message: string): void {
    for (const { socket } of this.connections) socket.send(message);
  }

  async stop(): Promise<void> {
    for (const { socket } of this.connections.splice(0)) socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const connection = { id: ++this.sequence, socket };
    this.connections.push(connection);
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.events.message(connection, data);
    });
    socket.on('close', () => {
      const index = this.connections.indexOf(connection);
      if (index >= 0) this.connections.splice(index, 1);
      this.events.announce({ kind: 'closed', connection: connection.id, open: this.connections.length });
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connections.length,
        debug_info: { host: 'applink-emulator', build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: APP_ID },
      }),
    );
    this.events.announce({ kind: 'connected', connection: connection.id, open: this.connections.length });
  }
}
