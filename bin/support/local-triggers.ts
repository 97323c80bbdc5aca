import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError } from 'commander';
import { createTriggersApp } from '../../lambda/app/triggers.js';
import type { LookoutConfig } from '../../lambda/config/config-schema.js';
import { TRIGGER_SECRET_ENV, triggerSecretsFromEnv } from '../../lambda/config/trigger-secrets.js';
import type { Runbook } from '../../lambda/domain/runbooks/schema.js';
import type { Log } from '../../lambda/ports/log.js';
import { TRIGGER_PATHS } from '../../lambda/service/trigger-endpoint.js';
import { MAX_BODY_BYTES } from '../../lambda/sources/triggers/http-request.js';
import type { Store } from '../../lambda/store/store.js';

/** Environment name of the port, for a start run by a service manager that passes no flags. */
export const TRIGGERS_PORT_ENV = 'LOOKOUT_TRIGGERS_PORT';
/** Only this machine reaches it: a sender elsewhere goes through the Function URL (or a tunnel). */
const HOST = '127.0.0.1';

/** A TCP port; 0 lets the system choose a free one (the line printed says which). */
export function triggersPort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError(`expected a port from 0 to 65535, got "${value}"`);
  return n;
}

/**
 * The port to listen on, the flag first, then LOOKOUT_TRIGGERS_PORT; undefined (off) when neither is
 * given: a watch should not open a port nobody asked for, and the senders have no secret to sign with
 * until one is configured anyway.
 */
export function chosenTriggersPort(
  flag: number | undefined,
  env: Readonly<Record<string, string | undefined>>,
): number | undefined {
  if (flag !== undefined) return flag;
  const value = env[TRIGGERS_PORT_ENV]?.trim();
  if (!value) return undefined;
  try {
    return triggersPort(value);
  } catch (error) {
    throw new InvalidArgumentError(`${TRIGGERS_PORT_ENV}: ${(error as Error).message}`);
  }
}

export interface LocalTriggersDeps {
  config: LookoutConfig;
  store: Store;
  runbooks: readonly Runbook[];
  channel: string | undefined;
  log: Log;
  /** The environment holding the trigger secrets, as the Lambda reads them without a secret ARN. */
  env: Readonly<Record<string, string | undefined>>;
  /** After a trigger is applied: sends the outbox now (the watch's background delivery). */
  applied: () => void;
}

export interface RunningTriggers {
  url: string;
  /** One line for the terminal: where it listens and which secrets it has. */
  line: string;
  stop(): Promise<void>;
}

/**
 * The Function URL's trigger endpoint on 127.0.0.1, for PagerDuty or Alertmanager through a tunnel, or
 * a script on this machine. Each request becomes the Function URL event AWS would deliver and goes to
 * the same app (createTriggersApp) the Lambda builds: same paths, signatures, limits and answers.
 * Slack messages go out through the watch's own delivery, which sends the same outbox.
 */
export async function startLocalTriggers(port: number, deps: LocalTriggersDeps): Promise<RunningTriggers> {
  const app = createTriggersApp({
    config: deps.config,
    store: deps.store,
    runbooks: deps.runbooks,
    // Read per request, as the Lambda does without TRIGGER_SECRET_ARN.
    secrets: () => Promise.resolve(triggerSecretsFromEnv(deps.env)),
    channel: deps.channel,
    log: deps.log,
    now: () => new Date(),
  });
  const server = createServer((request, response) => {
    void functionUrlEventOf(request)
      .then((event) => app.handleFunctionUrl(event))
      .then((result) => {
        response.writeHead(result.statusCode, result.headers).end(result.body);
        if (result.statusCode === 200) deps.applied();
      })
      .catch((error: unknown) => {
        deps.log.error('local trigger request failed', error);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: false, reason: 'Lookout could not read the request; retry' }));
      });
  });
  await listen(server, port);
  const { port: bound } = server.address() as AddressInfo;
  const url = `http://${HOST}:${bound}`;
  return {
    url,
    line: `Triggers: listening on ${url} (POST ${Object.keys(TRIGGER_PATHS).join(', ')})${secretsNote(deps.env)}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function secretsNote(env: Readonly<Record<string, string | undefined>>): string {
  const secrets = triggerSecretsFromEnv(env);
  if (secrets.generic.length || secrets.pagerduty.length || secrets.alertmanager) return '';
  return `; no secret set, so every request is refused (set ${Object.values(TRIGGER_SECRET_ENV).join(', ')})`;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * The request as a Function URL event (payload 2.0, body base64). At most one byte over the limit is
 * kept, so an oversized body is refused (413) by the endpoint's own check without being held in memory.
 */
async function functionUrlEventOf(request: IncomingMessage) {
  const chunks: Buffer[] = [];
  let kept = 0;
  for await (const chunk of request) {
    const bytes = chunk as Buffer;
    if (kept > MAX_BODY_BYTES) continue;
    const part = bytes.subarray(0, MAX_BODY_BYTES + 1 - kept);
    chunks.push(part);
    kept += part.length;
  }
  const path = new URL(request.url ?? '/', 'http://local').pathname;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return {
    version: '2.0',
    rawPath: path,
    headers,
    body: Buffer.concat(chunks).toString('base64'),
    isBase64Encoded: true,
    requestContext: { http: { method: request.method ?? 'GET', path } },
  };
}
