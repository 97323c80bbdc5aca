import { closeSync, constants, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EMBEDDED_ACCESS_KEY_ID } from '../../lambda/store/embedded-dynalite.js';
import { accessError } from './local-store-permissions.js';

export function publishEndpoint(dir: string, endpoint: string, token: string): void {
  // The token first: a published endpoint means "running", and a running Lookout needs its token.
  writePrivate(join(dir, 'token'), `${token}\n`);
  writePrivate(join(dir, 'endpoint'), endpoint);
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

export function localClient(endpoint: string, token: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    // The running Lookout checks every request's signature against its token.
    credentials: { accessKeyId: EMBEDDED_ACCESS_KEY_ID, secretAccessKey: token },
  });
}

/**
 * The Lookout serving `dir`, when there is one: its endpoint and token files are there and it answers
 * a request signed with that token. Files left by a Lookout that was killed (or a port now used by
 * something else) are not a running Lookout.
 */
export async function runningLookout(dir: string): Promise<{ endpoint: string; token: string } | undefined> {
  const endpoint = readOrUndefined(join(dir, 'endpoint'))?.trim();
  if (!endpoint) return undefined;
  const token = readOrUndefined(join(dir, 'token'))?.trim();
  if (!token) return undefined;
  const client = localClient(endpoint, token);
  try {
    await client.send(new ListTablesCommand({}), { abortSignal: AbortSignal.timeout(1000) });
    return { endpoint, token };
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}
