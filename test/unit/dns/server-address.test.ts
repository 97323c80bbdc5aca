import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidServerAddressError } from '../../../lambda/sources/dns/errors.js';
import { formatServerAddress, parseServerAddress } from '../../../lambda/sources/dns/server-address.js';
import { parseResolvConf, systemResolvers } from '../../../lambda/sources/dns/system-resolvers.js';

describe('Function: parseServerAddress', () => {
  it.each([
    ['127.0.0.1:5300', { host: '127.0.0.1', port: 5300, family: 4 }],
    ['9.9.9.9', { host: '9.9.9.9', port: 53, family: 4 }],
    ['[::1]:5353', { host: '::1', port: 5353, family: 6 }],
    ['[2001:db8::53]', { host: '2001:db8::53', port: 53, family: 6 }],
    ['2001:db8::53', { host: '2001:db8::53', port: 53, family: 6 }],
    ['[fe80::1%eth0]:53', { host: 'fe80::1%eth0', port: 53, family: 6 }],
    ['dns.example.test:8053', { host: 'dns.example.test', port: 8053, family: 0 }],
    ['localhost', { host: 'localhost', port: 53, family: 0 }],
  ])('parses %s', (input, expected) => {
    expect(parseServerAddress(input)).toEqual(expected);
  });

  it.each([
    '',
    '127.0.0.1:0',
    '127.0.0.1:65536',
    '127.0.0.1:',
    '[::1',
    '[not-v6]:53',
    'host:port',
    '300.1.1.1',
    'a..b',
    'a b',
  ])('rejects %j with InvalidServerAddressError', (input) => {
    expect(() => parseServerAddress(input)).toThrow(InvalidServerAddressError);
  });

  it('gives the usage error a stable code and a one-line message', () => {
    const error = (() => {
      try {
        parseServerAddress('nope:99999');
      } catch (caught) {
        return caught as InvalidServerAddressError;
      }
    })();
    expect(error?.code).toBe('INVALID_SERVER_ADDRESS');
    expect(error?.message).not.toContain('\n');
  });

  it('formats IPv6 in brackets so the port stays unambiguous', () => {
    expect(formatServerAddress(parseServerAddress('[::1]:53'))).toBe('[::1]:53');
    expect(formatServerAddress(parseServerAddress('10.0.0.2'))).toBe('10.0.0.2:53');
  });
});

describe('Function: systemResolvers', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lookout-resolv-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads nameserver lines in order, brackets IPv6, skips comments, junk and duplicates', async () => {
    // Prepare
    const path = join(dir, 'resolv.conf');
    await writeFile(
      path,
      [
        '# generated',
        'search example.test',
        'nameserver 10.0.0.2',
        'nameserver 2001:db8::53 # trailing comment',
        ';nameserver 10.9.9.9',
        'nameserver not-an-ip',
        'nameserver 10.0.0.2',
        'options edns0',
      ].join('\n'),
    );

    // Act
    const servers = await systemResolvers(path);

    // Assess
    expect(servers).toEqual(['10.0.0.2:53', '[2001:db8::53]:53']);
  });

  it('falls back to the local host like the C resolver when no nameserver is configured', async () => {
    expect(await systemResolvers(join(dir, 'missing.conf'))).toEqual(['127.0.0.1:53']);
    expect(parseResolvConf('search example.test\n')).toEqual([]);
  });
});
