import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server speaking the part of Secrets Manager's JSON 1.1 protocol Lookout uses
 * (GetSecretValue), with the service's own error shape for a missing secret.
 */
export class FakeSecretsManager {
  private server: Server | undefined;
  readonly secrets = new Map<string, string>();
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += String(chunk);
      });
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        if (target !== 'secretsmanager.GetSecretValue') {
          res.statusCode = 400;
          return res.end(
            JSON.stringify({ __type: 'UnknownOperationException', message: `unsupported ${target}` }),
          );
        }
        const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
        const value = SecretId ? this.secrets.get(SecretId) : undefined;
        if (value === undefined) {
          res.statusCode = 400;
          return res.end(
            JSON.stringify({
              __type: 'ResourceNotFoundException',
              message: "Secrets Manager can't find the specified secret.",
            }),
          );
        }
        res.end(
          JSON.stringify({
            ARN: SecretId,
            Name: 'lookout-slack',
            SecretString: value,
            VersionId: 'v1',
            CreatedDate: 1_700_000_000,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
