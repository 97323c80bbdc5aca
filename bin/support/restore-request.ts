import { RESTORABLE_TYPES } from '../../lambda/domain/route53/restorable-types.js';
import { isDnsName } from '../../lambda/domain/targets.js';
import { parseServerAddress } from '../../lambda/sources/dns/server-address.js';

import { RestoreUsageError } from './errors.js';

export { RestoreUsageError } from './errors.js';

export interface ParsedRestoreRequest {
  zoneId: string;
  name: string;
  type: string;
  verifyWith: string[];
}

/** Checks the command's arguments; throws RestoreUsageError (or InvalidServerAddressError) before anything is read. */
export function parseRequest(
  zone: string,
  name: string,
  type: string,
  opts: { verifyWith: string[]; endpoint?: string },
): ParsedRestoreRequest {
  const zoneId = zone.replace(/^\/?hostedzone\//, '');
  if (!/^[A-Z0-9]{1,32}$/i.test(zoneId)) {
    throw new RestoreUsageError(`invalid hosted zone id "${zone}": expected e.g. Z0123456789ABCDEFGHIJ`);
  }
  if (!isDnsName(name.replace(/^\*\./, ''))) throw new RestoreUsageError(`invalid record name "${name}"`);
  const upper = type.toUpperCase();
  if (!(RESTORABLE_TYPES as readonly string[]).includes(upper)) {
    throw new RestoreUsageError(
      `unsupported record type "${type}": expected one of ${RESTORABLE_TYPES.join(', ')}`,
    );
  }
  const verifyWith = opts.verifyWith
    .flatMap((server) => server.split(','))
    .map((server) => server.trim())
    .filter((server) => server !== '');
  for (const server of verifyWith) parseServerAddress(server);
  if (opts.endpoint !== undefined && !/^https?:\/\/\S+$/.test(opts.endpoint)) {
    throw new RestoreUsageError(`invalid --endpoint "${opts.endpoint}": expected http(s)://host:port`);
  }
  return { zoneId, name, type: upper, verifyWith };
}
