import { DemoDnsServer } from '../emulators/dns/dns-server.js';
import { missingKnotTools, startKnot } from '../emulators/dns/knot.js';

export const SWEEP_ZONE = 'bench.test';

export interface DnsFixture {
  /** The two resolver addresses every target asks (`127.0.0.1:port`). */
  resolvers: string[];
  names: string[];
  /** What answered, for the report. */
  server: string;
  stop(): Promise<void>;
}

/** `count` A names, each with two addresses, under SWEEP_ZONE. */
export function sweepNames(count: number): { name: string; values: string[] }[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `n${String(i).padStart(4, '0')}.${SWEEP_ZONE}`,
    values: [`10.${(i >> 8) & 255}.${i & 255}.1`, `10.${(i >> 8) & 255}.${i & 255}.2`],
  }));
}

/**
 * Two authoritative servers on loopback holding the same zone: two knotd processes when knot is
 * installed (out of process, like a real resolver), else two in-process DemoDnsServers (which then
 * share Node's event loop with the code being measured, and the report says so).
 */
export async function startDnsFixture(count: number, prefer: 'knot' | 'demo' = 'knot'): Promise<DnsFixture> {
  const records = sweepNames(count);
  const names = records.map((r) => r.name);
  if (prefer === 'knot' && missingKnotTools().length === 0) {
    const knotRecords = records.map((r) => ({ name: r.name, type: 'A' as const, ttl: 60, values: r.values }));
    const first = await startKnot({ zone: SWEEP_ZONE, records: knotRecords });
    const second = await startKnot({ zone: SWEEP_ZONE, records: knotRecords }).catch(async (error) => {
      await first.stop();
      throw error;
    });
    return {
      resolvers: [first.address, second.address],
      names,
      server: 'knotd (Debian `knot`), two processes on 127.0.0.1, one port each, same zone',
      stop: async () => {
        await Promise.all([first.stop(), second.stop()]);
      },
    };
  }
  const servers = [new DemoDnsServer({ zones: [SWEEP_ZONE] }), new DemoDnsServer({ zones: [SWEEP_ZONE] })];
  try {
    const resolvers: string[] = [];
    for (const server of servers) {
      for (const r of records) server.setRecords(r.name, 'A', r.values, 60);
      resolvers.push(await server.start());
    }
    return {
      resolvers,
      names,
      server: `DemoDnsServer (${prefer === 'demo' ? 'BENCH_DNS_SERVER=demo' : 'knot not installed'}): two in-process servers on 127.0.0.1, same event loop as Lookout`,
      stop: async () => {
        await Promise.all(servers.map((s) => s.stop()));
      },
    };
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
}
