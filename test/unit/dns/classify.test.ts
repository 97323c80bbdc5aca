import { describe, expect, it } from 'vitest';
import { classifyResponse, rcodeName } from '../../../lambda/sources/dns/classify.js';
import { soa, wireResponse } from './packets.js';

const meta = { resolver: '127.0.0.1:5300', latencyMs: 1.5 };

describe('Function: classifyResponse', () => {
  it('returns sorted, de-duplicated A values with the smallest TTL of the RRset', () => {
    // Prepare
    const packet = wireResponse({
      name: 'api.example.test',
      type: 'A',
      answers: [
        { name: 'api.example.test', type: 'A', ttl: 60, data: '192.0.2.9' },
        { name: 'api.example.test', type: 'A', ttl: 20, data: '192.0.2.1' },
        { name: 'api.example.test', type: 'A', ttl: 45, data: '192.0.2.9' },
      ],
    });

    // Act
    const outcome = classifyResponse(packet, { name: 'api.example.test', type: 'A' }, meta);

    // Assess
    expect(outcome).toEqual({
      resolver: '127.0.0.1:5300',
      kind: 'ANSWER',
      rcode: 'NOERROR',
      values: ['192.0.2.1', '192.0.2.9'],
      ttl: 20,
      latencyMs: 1.5,
    });
  });

  it('follows a CNAME chain in the answer section and reports the TTL of the final RRset', () => {
    const packet = wireResponse({
      name: 'www.example.test',
      type: 'A',
      answers: [
        { name: 'www.example.test', type: 'CNAME', ttl: 5, data: 'Edge.Example.TEST.' },
        { name: 'edge.example.test', type: 'CNAME', ttl: 7, data: 'lb.example.test' },
        { name: 'lb.example.test', type: 'A', ttl: 30, data: '198.51.100.2' },
        { name: 'unrelated.example.test', type: 'A', ttl: 1, data: '203.0.113.1' },
      ],
    });

    const outcome = classifyResponse(packet, { name: 'WWW.example.test.', type: 'A' }, meta);

    expect(outcome.kind).toBe('ANSWER');
    expect(outcome.values).toEqual(['198.51.100.2']);
    expect(outcome.ttl).toBe(30);
  });

  it('treats a CNAME chain that ends without the asked type as NODATA', () => {
    const packet = wireResponse({
      name: 'www.example.test',
      type: 'AAAA',
      answers: [{ name: 'www.example.test', type: 'CNAME', ttl: 5, data: 'lb.example.test' }],
      authorities: [soa('example.test', 300, 40)],
    });

    const outcome = classifyResponse(packet, { name: 'www.example.test', type: 'AAAA' }, meta);

    expect(outcome).toMatchObject({ kind: 'NODATA', values: [], negativeTtl: 40 });
  });

  it('does not loop forever on a CNAME cycle', () => {
    const packet = wireResponse({
      name: 'a.example.test',
      type: 'A',
      answers: [
        { name: 'a.example.test', type: 'CNAME', ttl: 5, data: 'b.example.test' },
        { name: 'b.example.test', type: 'CNAME', ttl: 5, data: 'a.example.test' },
      ],
    });

    // A loop is broken resolution, not an empty record: resolvers answer it SERVFAIL.
    expect(classifyResponse(packet, { name: 'a.example.test', type: 'A' }, meta).kind).toBe('SERVFAIL');
  });

  it('answers a CNAME question with the alias target, lower-cased and without the trailing dot', () => {
    const packet = wireResponse({
      name: 'www.example.test',
      type: 'CNAME',
      answers: [{ name: 'www.example.test', type: 'CNAME', ttl: 90, data: 'LB.Example.test.' }],
    });

    const outcome = classifyResponse(packet, { name: 'www.example.test', type: 'CNAME' }, meta);

    expect(outcome).toMatchObject({ kind: 'ANSWER', values: ['lb.example.test'], ttl: 90 });
  });

  it('joins the character-strings of one TXT record into one value', () => {
    const packet = wireResponse({
      name: 'txt.example.test',
      type: 'TXT',
      answers: [
        { name: 'txt.example.test', type: 'TXT', ttl: 10, data: ['v=spf1 ', 'include:example.test ~all'] },
        { name: 'txt.example.test', type: 'TXT', ttl: 12, data: 'another' },
      ],
    });

    const outcome = classifyResponse(packet, { name: 'txt.example.test', type: 'TXT' }, meta);

    expect(outcome.values).toEqual(['another', 'v=spf1 include:example.test ~all']);
    expect(outcome.ttl).toBe(10);
  });

  it('lower-cases AAAA values so the same address compares equal', () => {
    const packet = wireResponse({
      name: 'v6.example.test',
      type: 'AAAA',
      answers: [{ name: 'v6.example.test', type: 'AAAA', ttl: 10, data: '2001:DB8::1' }],
    });

    expect(classifyResponse(packet, { name: 'v6.example.test', type: 'AAAA' }, meta).values).toEqual([
      '2001:db8::1',
    ]);
  });

  it('classifies NOERROR without records of the type as NODATA with min(SOA TTL, MINIMUM) as negative TTL', () => {
    const packet = wireResponse({
      name: 'api.example.test',
      type: 'A',
      answers: [{ name: 'api.example.test', type: 'TXT', ttl: 10, data: 'not an address' }],
      authorities: [soa('example.test', 15, 3600)],
    });

    const outcome = classifyResponse(packet, { name: 'api.example.test', type: 'A' }, meta);

    expect(outcome).toEqual({ ...meta, kind: 'NODATA', rcode: 'NOERROR', values: [], negativeTtl: 15 });
  });

  it('does not let a referral (NS in authority, no SOA) vote for an empty record', () => {
    const packet = wireResponse({
      name: 'api.example.test',
      type: 'A',
      answers: [],
      authorities: [{ name: 'example.test', type: 'NS', ttl: 3600, data: 'ns1.example.test' }],
    });

    const outcome = classifyResponse(packet, { name: 'api.example.test', type: 'A' }, meta);

    expect(outcome).toMatchObject({
      kind: 'SERVFAIL',
      rcode: 'NOERROR',
      detail: expect.stringContaining('referral'),
    });
  });

  it('classifies NXDOMAIN with the SOA MINIMUM when it is below the SOA TTL', () => {
    const packet = wireResponse({
      name: 'gone.example.test',
      type: 'A',
      rcode: 'NXDOMAIN',
      authorities: [soa('example.test', 300, 25)],
    });

    const outcome = classifyResponse(packet, { name: 'gone.example.test', type: 'A' }, meta);

    expect(outcome).toEqual({ ...meta, kind: 'NXDOMAIN', rcode: 'NXDOMAIN', values: [], negativeTtl: 25 });
  });

  it('leaves negativeTtl unset when the negative answer carries no SOA', () => {
    const packet = wireResponse({ name: 'gone.example.test', type: 'A', rcode: 'NXDOMAIN' });

    const outcome = classifyResponse(packet, { name: 'gone.example.test', type: 'A' }, meta);

    expect(outcome.kind).toBe('NXDOMAIN');
    expect(outcome).not.toHaveProperty('negativeTtl');
  });

  it.each([
    ['SERVFAIL', 'SERVFAIL'],
    ['REFUSED', 'REFUSED'],
    ['FORMERR', 'SERVFAIL'],
    ['NOTIMP', 'SERVFAIL'],
  ])('classifies rcode %s as %s and keeps the real rcode', (rcode, kind) => {
    const packet = wireResponse({
      name: 'api.example.test',
      type: 'A',
      rcode,
      answers: [{ name: 'api.example.test', type: 'A', ttl: 1, data: '192.0.2.1' }],
    });

    const outcome = classifyResponse(packet, { name: 'api.example.test', type: 'A' }, meta);

    expect(outcome).toMatchObject({ kind, rcode, values: [] });
  });
});

describe('Function: rcodeName', () => {
  it('names known codes and numbers unknown ones', () => {
    expect(rcodeName({ flags: 0x8403 })).toBe('NXDOMAIN');
    expect(rcodeName({ flags: 0x000c })).toBe('RCODE_12');
  });
});
