import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';

export const SYSTEM_RESOLV_CONF = '/etc/resolv.conf';

/**
 * The resolvers the OS would ask, as `host:53` / `[v6]:53`, in file order without duplicates.
 * With no `nameserver` line (or no file) the resolver library falls back to the local host, so do we.
 *
 * @example
 * await systemResolvers(); // ['10.255.255.53:53']
 */
export async function systemResolvers(path: string = SYSTEM_RESOLV_CONF): Promise<string[]> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const servers = parseResolvConf(text);
  return servers.length > 0 ? servers : ['127.0.0.1:53'];
}

export function parseResolvConf(text: string): string[] {
  const servers: string[] = [];
  for (const line of text.split('\n')) {
    const [keyword, address] = line
      .replace(/[#;].*$/, '')
      .trim()
      .split(/\s+/);
    if (keyword !== 'nameserver' || !address) continue;
    const family = isIP(address.replace(/%.*$/, ''));
    if (family === 0) continue;
    const server = family === 6 ? `[${address}]:53` : `${address}:53`;
    if (!servers.includes(server)) servers.push(server);
  }
  return servers;
}
