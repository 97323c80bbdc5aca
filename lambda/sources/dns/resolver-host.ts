import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { lookupFailureReason, lookupTimeoutReason } from './network-failure.js';
import type { ServerAddress } from './server-address.js';
import { type Endpoint, type Exchange, endpoint } from './wire-exchange.js';

/** The address to send to for a resolver host name, e.g. `dns.internal` → `{ address: '10.0.0.2', family: 4 }`. */
export type HostLookup = (host: string) => Promise<{ address: string; family: number }>;

// IPv4 first, as the udp4 socket the OS used to resolve host names with did: a resolver on `localhost`
// that listens on 127.0.0.1 only keeps answering. `verbatim` is the same switch for Node < 20.13.
export const systemHostLookup: HostLookup = (host) => lookup(host, { order: 'ipv4first', verbatim: false });

/**
 * The IP address to send to. A resolver given by host name is looked up here, once for UDP and TCP
 * alike and within the query's budget, so a name that does not resolve (or a lookup that hangs) is
 * this resolver's outcome rather than an error inside the socket layer.
 */
export async function locateResolver(
  address: ServerAddress,
  deadline: number,
  io: { clock: () => number; lookupHost: HostLookup },
): Promise<Endpoint | Exchange> {
  if (address.family !== 0) return endpoint(address.host, address.port, address.family);
  const host = address.host;
  const wait = Math.max(0, deadline - io.clock());
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Exchange>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'unreachable', detail: lookupTimeoutReason(host, wait) }), wait);
  });
  // The lookup cannot be cancelled; a late rejection still lands in this handler, never unhandled.
  const looked = Promise.resolve()
    .then(() => io.lookupHost(host))
    .then(
      (found): Endpoint | Exchange => {
        const family = isIP(found?.address ?? '');
        if (family === 0)
          return {
            kind: 'unreachable',
            detail: lookupFailureReason(new Error(`no IP address in ${JSON.stringify(found)}`), host),
          };
        return endpoint(found.address, address.port, family === 6 ? 6 : 4);
      },
      (error: unknown): Exchange => ({ kind: 'unreachable', detail: lookupFailureReason(error, host) }),
    );
  try {
    return await Promise.race([looked, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
