import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../../bin/commands/check.js';
import { type KnotServer, realDnsAvailable, startKnot } from '../../emulators/dns/knot.js';
import { evaluate } from '../../lambda/domain/detectors/evaluate.js';
import { initialTargetState, type TargetState } from '../../lambda/domain/detectors/target-state.js';
import { outcomeSummary } from '../../lambda/domain/render/describe.js';
import type { Signal } from '../../lambda/domain/signals.js';
import { type Target, targetId } from '../../lambda/domain/targets.js';
import { DnsProbe } from '../../lambda/sources/dns/dns-probe.js';
import { runCommand } from '../support/command-io.js';
import { detection } from '../support/observations.js';

const ZONE = 'chain.test';

function only<T>(items: readonly T[]): T {
  const [item] = items;
  if (item === undefined || items.length !== 1) throw new Error(`expected one item, got ${items.length}`);
  return item;
}
const n = (label: string) => `${label}.${ZONE}`;

/**
 * What an authoritative server (knotd) really returns for a CNAME whose target is gone: the in-zone
 * chain in the answer section and the RCODE of the chain's last name (RFC 6604), with the zone's SOA.
 */
describe.skipIf(!realDnsAvailable())('CNAME chains from a real knotd', () => {
  let knot: KnotServer;
  // One second per probe, as a watch loop spaces them: two probes in one millisecond with the same answer
  // are one observation (same id), and the detector rightly counts it once.
  let clock = Date.parse('2026-12-02T12:00:00.000Z');
  const probe = new DnsProbe({
    timeoutMs: 1000,
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
  });

  const watched = (label: string): Target => ({
    id: targetId(n(label), 'A'),
    name: n(label),
    type: 'A',
    mode: 'exact',
    resolvers: [knot.address],
  });

  /** Probes the target once per tick, through the detectors, and returns the signals raised. */
  async function watch(t: Target, state: TargetState, ticks: number) {
    const signals: Signal[] = [];
    for (let i = 0; i < ticks; i++) {
      const observation = await probe.probe(t);
      const result = evaluate(state, observation, t, detection());
      state = { ...result.next, version: result.next.version + 1 };
      signals.push(...result.signals);
    }
    return { state, signals };
  }

  beforeAll(async () => {
    knot = await startKnot({
      zone: ZONE,
      negativeTtl: 30,
      records: [
        { name: n('www'), type: 'CNAME', ttl: 33, values: [n('api')] },
        { name: n('api'), type: 'A', ttl: 40, values: ['192.0.2.1'] },
        { name: n('shop'), type: 'CNAME', ttl: 33, values: [n('store')] },
        { name: n('store'), type: 'A', ttl: 40, values: ['192.0.2.7'] },
        { name: n('store'), type: 'TXT', ttl: 40, values: ['owner=team-b'] },
        { name: n('a'), type: 'CNAME', ttl: 33, values: [n('b')] },
        { name: n('b'), type: 'CNAME', ttl: 20, values: [n('c')] },
        { name: n('c'), type: 'A', ttl: 40, values: ['192.0.2.3'] },
        { name: n('out'), type: 'CNAME', ttl: 33, values: ['api.elsewhere.test'] },
      ],
    });
  });
  afterAll(() => knot?.stop());

  it('records a chain that ends in an answer and renders it before the values', async () => {
    const outcome = only((await probe.probe(watched('a'))).outcomes);

    expect(outcome).toMatchObject({
      kind: 'ANSWER',
      values: ['192.0.2.3'],
      cnameChain: [n('a'), n('b'), n('c')],
    });
    expect(outcomeSummary(outcome)).toMatch(
      /^ANSWER \(NOERROR\) — a\.chain\.test → b\.chain\.test → c\.chain\.test: 192\.0\.2\.3 · TTL 40 s · /,
    );
  });

  it('reports EMPTY by where the chain breaks when the CNAME target is deleted (NXDOMAIN)', async () => {
    const www = watched('www');
    const before = await watch(www, initialTargetState(www.id), 1);
    await knot.update([{ op: 'delete-name', name: n('api') }]);

    const after = await watch(www, before.state, 2);

    const empty = after.signals.find((s) => s.kind === 'EMPTY');
    expect(empty?.summary).toBe(
      `${n('www')} A is EMPTY: ${n('www')} → ${n('api')}: ${n('api')} does not exist (NXDOMAIN) from 1 of 1 answering resolvers, 2 probes in a row`,
    );
    expect(empty?.evidence).toEqual([
      expect.objectContaining({ kind: 'NXDOMAIN', rcode: 'NXDOMAIN', cnameChain: [n('www'), n('api')] }),
    ]);
    expect(outcomeSummary(only(empty?.evidence ?? []))).toMatch(
      /^NXDOMAIN — www\.chain\.test → api\.chain\.test: api\.chain\.test does not exist · negative TTL 30 s · /,
    );
  });

  it('reports EMPTY by where the chain breaks when the target keeps other records (NODATA)', async () => {
    const shop = watched('shop');
    const before = await watch(shop, initialTargetState(shop.id), 1);
    await knot.update([{ op: 'delete-rrset', name: n('store'), type: 'A' }]);

    const after = await watch(shop, before.state, 2);

    const empty = after.signals.find((s) => s.kind === 'EMPTY');
    expect(empty?.summary).toContain(
      `EMPTY: ${n('shop')} → ${n('store')}: ${n('store')} exists but has no records (NODATA) from 1 of 1`,
    );
    expect(empty?.evidence[0]).toMatchObject({ kind: 'NODATA', cnameChain: [n('shop'), n('store')] });
  });

  it('does not call a chain the server leaves for a resolver to follow empty', async () => {
    const outcome = only((await probe.probe(watched('out'))).outcomes);

    expect(outcome).toMatchObject({
      kind: 'SERVFAIL',
      rcode: 'NOERROR',
      cnameChain: [n('out'), 'api.elsewhere.test'],
    });
    expect(outcomeSummary(outcome)).toMatch(
      /^SERVFAIL \(NOERROR\) — CNAME chain not followed: this server does not recurse and gave no answer for api\.elsewhere\.test · /,
    );
  });

  // After the tests above: api is deleted and store has lost its A records.
  it('shows the chain in `lookout check`, as text and as JSON', async () => {
    const check = (args: string[]) =>
      runCommand((io) => checkCommand(io), [...args, '--server', knot.address]);

    const answered = await check([n('a')]);
    const gone = await check([n('www')]);
    const nodata = await check([n('shop')]);
    const json = await check([n('www'), '--json']);

    expect(answered.exitCode).toBe(0);
    expect(answered.out).toMatch(
      /ANSWER\s+NOERROR\s+a\.chain\.test → b\.chain\.test → c\.chain\.test: 192\.0\.2\.3 {2}ttl 40s/,
    );
    expect(gone.exitCode).toBe(2);
    expect(gone.out).toMatch(
      /NXDOMAIN\s+NXDOMAIN\s+www\.chain\.test → api\.chain\.test: api\.chain\.test does not exist {2}negative ttl 30s/,
    );
    expect(nodata.out).toMatch(
      /NODATA\s+NOERROR\s+shop\.chain\.test → store\.chain\.test: store\.chain\.test exists but has no A records {2}negative ttl 30s/,
    );
    expect(JSON.parse(json.out).outcomes[0].cnameChain).toEqual([n('www'), n('api')]);
  });
});
