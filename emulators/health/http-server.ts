import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackHttp } from '../loopback-http.js';
import type { HealthRegion, HealthService } from './service.js';

/**
 * One regional endpoint (`health.<region>.amazonaws.com`) on loopback: transport only. Every
 * request is a POST of an AWS JSON 1.1 body to `/`, answered by the shared HealthService.
 */
export class HealthEndpoint {
  private readonly http = new LoopbackHttp((req, res) => this.handle(req, res));

  constructor(
    readonly region: HealthRegion,
    private readonly service: HealthService,
  ) {}

  start(host = '127.0.0.1', port = 0): Promise<string> {
    return this.http.start(host, port);
  }

  get endpoint(): string {
    return this.http.endpoint;
  }

  stop(): Promise<void> {
    return this.http.stop();
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
