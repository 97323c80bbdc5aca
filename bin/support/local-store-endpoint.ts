import { closeSync, constants, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EMBEDDED_ACCESS_KEY_ID, withSignedPayloadHash } from '../../emulators/dynamodb/request-auth.js';
import { accessError } from './local-store-permissions.js';
import { probeEndpoint } from './local-store-probe.js';

/**
 * Writes `token` and `endpoint` for the other commands, and returns how to take them back. Until then,
 * they are also taken back when this process exits by any path that runs 'exit' handlers (a closed pipe's
 * process.exit, an uncaught error), so a Lookout that has gone does not leave them behind.
 */
export function publishEndpoint(dir: string, endpoint: string, token: string): () => void {
  try {
    // The token first: a published endpoint means "running", and a running Lookout needs its token.
    writePrivate(join(dir, 'token'), `${token}\n`);
    writePrivate(join(dir, 'endpoint'), endpoint);
  } catch (error) {
    // Half published is not published: take back whichever of the two is ours.
    for (const [name, text] of [
      ['token', `${token}\n`],
      ['endpoint', endpoint],
    ] as const) {
      const file = join(dir, name);
      if (readQuietly(file) === text) rmSync(file, { force: true });
    }
    throw error;
  }
  const onExit = () => {
    try {
      withdrawEndpoint(dir, endpoint);
    } catch {
      // exiting anyway: a file left behind is stale, and the next command finds that out
    }
  };
  process.on('exit', onExit);
  return () => {
    process.off('exit', onExit);
    withdrawEndpoint(dir, endpoint);
  };
}

/** Leaves the files alone when another Lookout has published its own endpoint since. */
export function withdrawEndpoint(dir: string, endpoint: string): void {
  const endpointFile = join(dir, 'endpoint');
  if (readOrUndefined(endpointFile) === endpoint) {
    rmSync(endpointFile, { force: true });
    rmSync(join(dir, 'token'), { force: true });
  }
}

/** Replaces `file` with a new 0600 file; never writes through a link or a file someone else made. */
function writePrivate(file: string, text: string): void {
  rmSync(file, { force: true });
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EACCES' || code === 'EPERM') throw accessError(file, error);
    throw error;
  }
}

function readQuietly(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function localClient(endpoint: string, token: string): DynamoDBClient {
  // The running Lookout checks every request's signature against its token, from the head alone: the
  // client signs the body's hash (x-amz-content-sha256) too.
  return withSignedPayloadHash(
    new DynamoDBClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: EMBEDDED_ACCESS_KEY_ID, secretAccessKey: token },
    }),
  );
}

/** What `<dir>/endpoint` and `<dir>/token` point at. */
export type Published =
  | { state: 'running'; endpoint: string; token: string }
  | { state: 'none' }
  /** A server answers on the endpoint but cannot prove it holds the token: not the Lookout serving `dir`. */
  | { state: 'impostor'; endpoint: string; why: string };

/**
 * The Lookout serving `dir`, when there is one: its endpoint and token files are there and the server
 * at the endpoint proves it holds the token (local-store-probe.ts). Files left by a Lookout that was
 * killed, with nothing or something else on their port now, are not a running Lookout.
 */
export async function runningLookout(dir: string): Promise<Published> {
  const endpoint = readOrUndefined(join(dir, 'endpoint'))?.trim();
  if (!endpoint) return { state: 'none' };
  const token = readOrUndefined(join(dir, 'token'))?.trim();
  if (!token) return { state: 'none' };
  const probe = await probeEndpoint(endpoint, token);
  if (probe.answer === 'proved') return { state: 'running', endpoint, token };
  if (probe.answer === 'unproved') return { state: 'impostor', endpoint, why: probe.why };
  return { state: 'none' };
}
