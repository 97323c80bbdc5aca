import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An HTTP listener an emulator serves on: started once, its endpoint read back, and stopped with every
 * open connection destroyed (SDK clients keep sockets alive, which would hold `close()` forever).
 * A handler that throws answers `onFailure` (the emulator's own error shape) unless headers went out.
 */
export class LoopbackHttp {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
    private readonly onFailure: (res: ServerResponse, error: unknown) => void = (res) =>
      res.writeHead(500).end(),
  ) {}

  async start(host = '127.0.0.1', port = 0): Promise<string> {
    if (this.server) return this.endpoint;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.onFailure(res, error);
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    this.server = server;
    return this.endpoint;
  }

  get endpoint(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address ? `http://${address.address}:${address.port}` : '';
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
