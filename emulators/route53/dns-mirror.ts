import type { RecordType } from '../../lambda/domain/observation.js';
import { DemoDnsServer } from '../dns/dns-server.js';
import { effectiveAnswer } from './answers.js';
import type { HostedZone } from './hosted-zone.js';
import { rawName } from './names.js';

/** The record types DemoDnsServer can serve; others (MX, NS, SOA…) are not mirrored. */
const MIRRORED_TYPES: readonly RecordType[] = ['A', 'AAAA', 'CNAME', 'TXT'];

/**
 * Serves the public hosted zones over real DNS on loopback by mirroring every applied change into
 * a DemoDnsServer (composed, not modified): each (name, type) gets the answer Route 53's name
 * servers would give (see `effectiveAnswer`). DemoDnsServer's zones are fixed when it is built, so
 * a zone created after `start()` restarts it on the same port (its change log starts afresh).
 */
export class DnsMirror {
  private server: DemoDnsServer | undefined;
  private port = 0;
  /** zone id → raw names that hold alias records (re-resolved whenever the zone changes). */
  private readonly aliasOwners = new Map<string, Set<string>>();

  constructor(
    private readonly zones: () => HostedZone[],
    private readonly host = '127.0.0.1',
  ) {}

  get address(): string | undefined {
    return this.server?.address;
  }

  /** The DemoDnsServer currently serving (for `emptiedAt`, `onChange`, `setFault`). */
  get dns(): DemoDnsServer | undefined {
    return this.server;
  }

  async start(): Promise<string> {
    if (this.server?.address) return this.server.address;
    const served = this.servedZones();
    this.server = new DemoDnsServer({
      zones: served.map((zone) => ({ origin: rawName(zone.name), soaTtl: 900, negativeTtl: 86_400 })),
      host: this.host,
      port: this.port,
    });
    const address = await this.server.start();
    this.port = Number(address.slice(address.lastIndexOf(':') + 1));
    for (const zone of served) this.syncNames(zone, new Set([...zone.all()].map((set) => rawName(set.name))));
    return address;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  /** A new zone: restart on the same port so DemoDnsServer answers for it too. */
  async zoneAdded(): Promise<void> {
    if (!this.server) return;
    await this.stop();
    await this.start();
  }

  /** Re-mirrors the given owner names of a zone, plus every alias in it (targets may have moved). */
  sync(zone: HostedZone, names: Iterable<string>): void {
    if (!this.server || !this.servedZones().includes(zone)) return;
    const owners = new Set([...names].map(rawName));
    for (const owner of this.aliasesOf(zone)) owners.add(owner);
    this.syncNames(zone, owners);
  }

  private syncNames(zone: HostedZone, owners: Set<string>): void {
    const server = this.server;
    if (!server) return;
    const wanted: Array<{ owner: string; type: RecordType; values: string[]; ttl: number }> = [];
    // Deletions first: a batch that swaps an A for a CNAME must not briefly hold both.
    for (const owner of owners) {
      let holdsAlias = false;
      for (const set of zone.atName(owner)) holdsAlias ||= set.alias !== undefined;
      if (holdsAlias) this.aliasesOf(zone).add(owner);
      else this.aliasesOf(zone).delete(owner);
      for (const type of MIRRORED_TYPES) {
        const answer = effectiveAnswer(zone, owner, type);
        const values = answer
          ? answer.values.map((value) => (type === 'TXT' ? unquoteTxt(value) : value))
          : [];
        const current = server.getRecords(owner, type);
        if (values.length === 0) {
          if (current) server.deleteRecords(owner, type);
        } else if (!current || current.ttl !== answer?.ttl || !sameValues(current.values, values, type)) {
          wanted.push({ owner, type, values, ttl: answer?.ttl ?? 300 });
        }
      }
    }
    for (const { owner, type, values, ttl } of wanted) {
      try {
        server.setRecords(owner, type, values, ttl);
      } catch {
        // DemoDnsServer refuses data a real zone could not hold; Route 53 validation already did.
      }
    }
  }

  private aliasesOf(zone: HostedZone): Set<string> {
    let owners = this.aliasOwners.get(zone.id);
    if (!owners) {
      owners = new Set();
      this.aliasOwners.set(zone.id, owners);
    }
    return owners;
  }

  /** Public zones, one per origin (Route 53 allows duplicates; the first created wins here). */
  private servedZones(): HostedZone[] {
    const byOrigin = new Map<string, HostedZone>();
    for (const zone of this.zones()) {
      const origin = rawName(zone.name);
      if (!zone.privateZone && !byOrigin.has(origin)) byOrigin.set(origin, zone);
    }
    return [...byOrigin.values()];
  }
}

/** `"v=spf1 -all"` or `"part one" "part two"` → the text DemoDnsServer serves. */
function unquoteTxt(value: string): string {
  const parts = [...value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) =>
    (match[1] ?? '').replace(/\\(.)/g, '$1'),
  );
  return parts.length > 0 ? parts.join('') : value;
}

function sameValues(current: readonly string[], next: readonly string[], type: RecordType): boolean {
  const normalize = (values: readonly string[]) =>
    [...new Set(values.map((value) => (type === 'CNAME' ? rawName(value) : value)))].sort().join('\n');
  return normalize(current) === normalize(next);
}
