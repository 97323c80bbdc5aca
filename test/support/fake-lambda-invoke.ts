import type { IncomingMessage, ServerResponse } from 'node:http';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { LoopbackHttp } from '../../emulators/loopback-http.js';

/** One Invoke the fake received. */
export interface ReceivedInvoke {
  functionName: string;
  invocationType: string | undefined;
  payload: unknown;
}

/**
 * The part of Lambda's Invoke API the Slack handoff uses (`POST /2015-03-31/functions/{name}/invocations`):
 * it records each invocation and answers as Lambda does for `InvocationType: Event` (202, empty body),
 * or, for a function it does not know, 404 `ResourceNotFoundException`.
 */
export class FakeLambdaInvoke {
  readonly invokes: ReceivedInvoke[] = [];
  private readonly http = new LoopbackHttp((req, res) => this.handle(req, res));
  private waiters: (() => void)[] = [];

  constructor(private readonly functions: string[]) {}

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }

  stop(): Promise<void> {
    return this.http.stop();
  }

  /** Base URL, for `AWS_ENDPOINT_URL_LAMBDA` or a client's `endpoint`. */
  get endpoint(): string {
    return this.http.endpoint;
  }

  /** A client pointed here, with static credentials (the fake does not check signatures). */
  client(): LambdaClient {
    return new LambdaClient({
      endpoint: this.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
      maxAttempts: 1,
    });
  }

  /** Resolves once `n` invocations have arrived. */
  async received(n: number): Promise<ReceivedInvoke[]> {
    while (this.invokes.length < n) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.invokes.slice(0, n);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
    const functionName = decodeURIComponent(match?.[1] ?? '');
    if (!match || !this.functions.includes(functionName)) {
      res.writeHead(404, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'ResourceNotFoundException',
      });
      res.end(JSON.stringify({ Type: 'User', message: `Function not found: ${functionName}` }));
      return;
    }
    this.invokes.push({
      functionName,
      invocationType: req.headers['x-amz-invocation-type'] as string | undefined,
      payload: JSON.parse(Buffer.concat(chunks).toString('utf8')),
    });
    for (const wake of this.waiters.splice(0)) wake();
    res.writeHead(202, { 'x-amzn-requestid': `req-${this.invokes.length}` });
    res.end();
  }
}
