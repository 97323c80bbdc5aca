import { isIP } from 'node:net';
import { InvalidServerAddressError } from './errors.js';

export interface ServerAddress {
  /** IP literal or host name, without brackets; an IPv6 zone (`%eth0`) is kept. */
  host: string;
  port: number;
  /** 4 or 6 for IP literals, 0 for a host name (resolved by the OS when sending). */
  family: 0 | 4 | 6;
}

const BRACKETED = /^\[([0-9A-Fa-f:.]+(?:%[\w.-]+)?)\](?::(\d{1,5}))?$/;
const HOST_PORT = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/;

/**
 * Parses `host:port`, `[v6]:port`, a bare `host` (port 53) or a bare IPv6 literal.
 *
 * @example
 * parseServerAddress('[::1]:5300'); // { host: '::1', port: 5300, family: 6 }
 */
export function parseServerAddress(address: string): ServerAddress {
  const trimmed = address.trim();
  const bracketed = BRACKETED.exec(trimmed);
  if (bracketed) {
    const host = bracketed[1] ?? '';
    if (isIP(host.replace(/%.*$/, '')) !== 6) throw new InvalidServerAddressError(address);
    return { host, port: parsePort(bracketed[2], address), family: 6 };
  }
  // A bare IPv6 literal has colons that are not a port separator.
  if (isIP(trimmed.replace(/%.*$/, '')) === 6) return { host: trimmed, port: 53, family: 6 };
  const hostPort = HOST_PORT.exec(trimmed);
  if (!hostPort) throw new InvalidServerAddressError(address);
  const host = hostPort[1] ?? '';
  if (host.startsWith('.') || host.startsWith('-') || host.includes('..'))
    throw new InvalidServerAddressError(address);
  const family = isIP(host);
  if (family === 0 && /^[\d.]+$/.test(host)) throw new InvalidServerAddressError(address);
  return { host, port: parsePort(hostPort[2], address), family: family === 4 ? 4 : 0 };
}

/** The canonical `host:port` / `[v6]:port` form used as the resolver id in outcomes. */
export function formatServerAddress(server: ServerAddress): string {
  return server.family === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

function parsePort(text: string | undefined, address: string): number {
  if (text === undefined) return 53;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new InvalidServerAddressError(address);
  return port;
}
