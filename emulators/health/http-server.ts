import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HealthRegion, HealthService } from './service.js';

/**
 * One regional endpoint (`health.<region>.amazonaws.com`) on loopback: transport only. Every
 * request is a POST of an AWS JSON 1.1 body to `/`, answered by the shared HealthService.
 */
export class HealthEndpoint {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly region: HealthRegion,
    private readonly service: HealthService,
  ) {}

  async start(host = '127.0.0.1', port = 0): Promise<string> {
    if (this.server) return this.endpoint;
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const answer = this.service.handle({
      region: this.region,
      target: header(req, 'x-amz-target'),
      authorization: header(req, 'authorization'),
      body,
    });
    if (answer === 'reset') {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(answer.body),
      'x-amzn-requestid': answer.requestId,
    });
    res.end(answer.body);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
