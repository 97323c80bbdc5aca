import { describe, expect, it } from 'vitest';
import { MAX_CNAME_HOPS } from '../../../lambda/domain/cname-chain.js';
import { classifyResponse } from '../../../lambda/sources/dns/classify.js';
import { soa, wireResponse } from './packets.js';

const meta = { resolver: '127.0.0.1:5300', latencyMs: 1 };
const cname = (name: string, target: string, ttl = 30) => ({
  name,
  type: 'CNAME' as const,
  ttl,
  data: target,
});

describe('Function: classifyResponse › the CNAME chain', () => {
  it('records the names an answer went through, asked name first, in order', () => {
    // Prepare
    const packet = wireResponse({
      name: 'www.example.test',
      type: 'A',
      answers: [
        // Out of order on purpose: the chain is followed from the asked name, not read top to bottom.
        { name: 'lb.example.test', type: 'A', ttl: 30, data: '198.51.100.2' },
        cname('edge.example.test', 'LB.example.test.'),
        cname('WWW.example.test', 'edge.example.test'),
      ],
    });

    // Act
    const outcome = classifyResponse(packet, { name: 'www.example.test', type: 'A' }, meta);

    // Assess
    expect(outcome).toMatchObject({
      kind: 'ANSWER',
      values: ['198.51.100.2'],
      cnameChain: ['www.example.test', 'edge.example.test', 'lb.example.test'],
    });
  });

  it('records the chain when its last name does not exist (NXDOMAIN)', () => {
    const packet = wireResponse({
      name: 'www.example.test',
      type: 'A',
      rcode: 'NXDOMAIN',
      answers: [cname('www.example.test', 'api.example.test')],
      authorities: [soa('example.test', 300, 30)],
    });

    expect(classifyResponse(packet, { name: 'www.example.test', type: 'A' }, meta)).toMatchObject({
      kind: 'NXDOMAIN',
      negativeTtl: 30,
      cnameChain: ['www.example.test', 'api.example.test'],
    });
  });

  it('records the chain when its last name has no records of the type (NODATA)', () => {
    const packet = wireResponse({
      name: 'www.example.test',
      type: 'AAAA',
      answers: [cname('www.example.test', 'api.example.test')],
      authorities: [soa('example.test', 300, 40)],
    });

    expect(classifyResponse(packet, { name: 'www.example.test', type: 'AAAA' }, meta)).toMatchObject({
      kind: 'NODATA',
      cnameChain: ['www.example.test', 'api.example.test'],
    });
  });

  it('leaves the chain out when the asked name answered directly, or when the CNAME itself was asked', () => {
    const direct = wireResponse({
      name: 'api.example.test',
      type: 'A',
      answers: [{ name: 'api.example.test', type: 'A', ttl: 30, data: '192.0.2.1' }],
    });
    const alias = wireResponse({
      name: 'www.example.test',
      type: 'CNAME',
      answers: [cname('www.example.test', 'api.example.test')],
    });

    expect(classifyResponse(direct, { name: 'api.example.test', type: 'A' }, meta)).not.toHaveProperty(
      'cnameChain',
    );
    expect(classifyResponse(alias, { name: 'www.example.test', type: 'CNAME' }, meta)).not.toHaveProperty(
      'cnameChain',
    );
  });

  it('does not let a CNAME loop vote for an empty record, and names the loop', () => {
    const packet = wireResponse({
      name: 'a.example.test',
      type: 'A',
      answers: [cname('a.example.test', 'b.example.test'), cname('b.example.test', 'a.example.test')],
    });

    const outcome = classifyResponse(packet, { name: 'a.example.test', type: 'A' }, meta);

    expect(outcome).toMatchObject({
      kind: 'SERVFAIL',
      rcode: 'NOERROR',
      cnameChain: ['a.example.test', 'b.example.test', 'a.example.test'],
      detail: 'CNAME loop: a.example.test → b.example.test → a.example.test',
    });
  });

  it('bounds the chain: one longer than the hop limit is recorded up to the limit and does not vote', () => {
    const names = Array.from({ length: MAX_CNAME_HOPS + 5 }, (_, i) => `n${i}.example.test`);
    const packet = wireResponse({
      name: 'n0.example.test',
      type: 'A',
      answers: names.slice(1).map((target, i) => cname(names[i] as string, target)),
      authorities: [soa('example.test', 300, 30)],
    });

    const outcome = classifyResponse(packet, { name: 'n0.example.test', type: 'A' }, meta);

    expect(outcome.kind).toBe('SERVFAIL');
    expect(outcome.cnameChain).toEqual(names.slice(0, MAX_CNAME_HOPS + 1));
    expect(outcome.detail).toBe(`CNAME chain longer than ${MAX_CNAME_HOPS} aliases`);
  });

  it('does not call a chain an authoritative server left for someone else to follow empty', () => {
    // What knot answers for `out CNAME api.elsewhere.test`: NOERROR, the alias only, no SOA, no RA.
    const packet = wireResponse({
      name: 'out.example.test',
      type: 'A',
      answers: [cname('out.example.test', 'api.elsewhere.test')],
    });

    const outcome = classifyResponse(packet, { name: 'out.example.test', type: 'A' }, meta);

    expect(outcome).toMatchObject({
      kind: 'SERVFAIL',
      rcode: 'NOERROR',
      cnameChain: ['out.example.test', 'api.elsewhere.test'],
      detail:
        'CNAME chain not followed: this server does not recurse and gave no answer for api.elsewhere.test',
    });
  });

  it('believes a resolver that recursed and found nothing at the end of the chain (NODATA)', () => {
    const packet = wireResponse({
      name: 'out.example.test',
      type: 'A',
      recursionAvailable: true,
      answers: [cname('out.example.test', 'api.elsewhere.test')],
    });

    expect(classifyResponse(packet, { name: 'out.example.test', type: 'A' }, meta)).toMatchObject({
      kind: 'NODATA',
      cnameChain: ['out.example.test', 'api.elsewhere.test'],
    });
  });

  it('escapes bytes a host name cannot hold, so a hostile alias cannot write to a terminal or Slack', () => {
    const packet = wireResponse({
      name: 'www.example.test',
      type: 'A',
      rcode: 'NXDOMAIN',
      answers: [cname('www.example.test', 'evil\n*bold* \u001b[2J.example.test')],
      authorities: [soa('example.test', 300, 30)],
    });

    const outcome = classifyResponse(packet, { name: 'www.example.test', type: 'A' }, meta);

    expect(outcome.cnameChain).toEqual([
      'www.example.test',
      'evil\\010\\042bold\\042\\032\\027\\0912j.example.test',
    ]);
  });
});
