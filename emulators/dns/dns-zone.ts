import type { Answer } from 'dns-packet';
import { normalizeDnsName } from '../../lambda/domain/dns-name.js';
import { RECORD_TYPES, type RecordType } from '../../lambda/domain/observation.js';
import { ZoneDataError } from './errors.js';

export interface ZoneOptions {
  /** Zone apex, e.g. `example.test`. */
  origin: string;
  /** SOA MINIMUM: how long resolvers may cache NXDOMAIN/NODATA (RFC 2308). */
  negativeTtl?: number;
  soaTtl?: number;
  serial?: number;
}

export interface RRset {
  values: string[];
  ttl: number;
}

export interface ChangeEntry {
  name: string;
  type: RecordType;
  before: string[];
  after: string[];
  at: Date;
  /** process.hrtime.bigint() at the change, for sub-millisecond detection latency. */
  hrtimeNs: bigint;
}

export interface ZoneAnswer {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'REFUSED';
  answers: Answer[];
  authorities: Answer[];
}

interface Zone {
  origin: string;
  serial: number;
  negativeTtl: number;
  soaTtl: number;
}

interface StoredRRset extends RRset {
  records: Answer[];
}

const MAX_CHAIN = 8;

/**
 * Zone contents with the lookups an authoritative server needs, each O(labels) map hits:
 * per-name RRsets, a count of names below each node (so empty non-terminals answer NODATA, not
 * NXDOMAIN) and the SOA that signs negative answers.
 */
export class ZoneStore {
  private readonly zones = new Map<string, Zone>();
  private readonly names = new Map<string, Map<RecordType, StoredRRset>>();
  /** node -> how many names holding data sit at or below it. */
  private readonly nodes = new Map<string, number>();
  private readonly log: ChangeEntry[] = [];
  private readonly listeners = new Set<(change: ChangeEntry) => void>();

  constructor(
    zones: ReadonlyArray<string | ZoneOptions>,
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const zone of zones) {
      const options = typeof zone === 'string' ? { origin: zone } : zone;
      const origin = normalizeDnsName(options.origin);
      this.zones.set(origin, {
        origin,
        serial: options.serial ?? 1,
        negativeTtl: options.negativeTtl ?? 30,
        soaTtl: options.soaTtl ?? 300,
      });
    }
  }

  zoneOf(name: string): Zone | undefined {
    let candidate = normalizeDnsName(name);
    for (;;) {
      const zone = this.zones.get(candidate);
      if (zone) return zone;
      const dot = candidate.indexOf('.');
      if (dot < 0) return this.zones.get('');
      candidate = candidate.slice(dot + 1);
    }
  }

  serial(origin: string): number | undefined {
    return this.zones.get(normalizeDnsName(origin))?.serial;
  }

  get(name: string, type: RecordType): RRset | undefined {
    const rrset = this.names.get(normalizeDnsName(name))?.get(type);
    return rrset ? { values: [...rrset.values], ttl: rrset.ttl } : undefined;
  }

  set(name: string, type: RecordType, values: readonly string[], ttl: number): void {
    const owner = normalizeDnsName(name);
    if (!RECORD_TYPES.includes(type)) throw new ZoneDataError(`unsupported record type ${type}`);
    if (!this.zoneOf(owner)) throw new ZoneDataError(`${owner} is outside every zone this server serves`);
    const normalized = [
      ...new Set(values.map((value) => (type === 'CNAME' ? normalizeDnsName(value) : value))),
    ].sort();
    if (normalized.length === 0) {
      this.delete(owner, type);
      return;
    }
    const existing = this.names.get(owner);
    const others = [...(existing?.keys() ?? [])].filter((other) => other !== type);
    if ((type === 'CNAME' && others.length > 0) || (type !== 'CNAME' && others.includes('CNAME'))) {
      throw new ZoneDataError(`${owner}: a CNAME cannot coexist with other data (RFC 1034 §3.6.2)`);
    }
    if (type === 'CNAME' && normalized.length > 1)
      throw new ZoneDataError(`${owner}: only one CNAME allowed`);
    const records = normalized.map((value) => toRecord(owner, type, value, ttl));
    const rrsets = existing ?? new Map<RecordType, StoredRRset>();
    if (!existing) {
      this.names.set(owner, rrsets);
      this.adjustNodes(owner, +1);
    }
    const before = rrsets.get(type)?.values ?? [];
    rrsets.set(type, { values: normalized, ttl, records });
    this.record(owner, type, before, normalized);
  }

  delete(name: string, type: RecordType): void {
    const owner = normalizeDnsName(name);
    const rrsets = this.names.get(owner);
    const before = rrsets?.get(type)?.values;
    if (!rrsets || !before) return;
    rrsets.delete(type);
    if (rrsets.size === 0) {
      this.names.delete(owner);
      this.adjustNodes(owner, -1);
    }
    this.record(owner, type, before, []);
  }

  deleteName(name: string): void {
    for (const type of [...(this.names.get(normalizeDnsName(name))?.keys() ?? [])]) this.delete(name, type);
  }

  changes(): readonly ChangeEntry[] {
    return this.log;
  }

  /** The last change that took the RRset from non-empty to empty, or undefined. */
  emptiedAt(name: string, type: RecordType): ChangeEntry | undefined {
    const owner = normalizeDnsName(name);
    for (let i = this.log.length - 1; i >= 0; i--) {
      const entry = this.log[i];
      if (
        entry &&
        entry.name === owner &&
        entry.type === type &&
        entry.before.length > 0 &&
        entry.after.length === 0
      )
        return entry;
    }
    return undefined;
  }

  onChange(listener: (change: ChangeEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What an authoritative server says for (qname, qtype), following CNAMEs inside the zone. */
  answer(qname: string, qtype: string): ZoneAnswer {
    const zone = this.zoneOf(qname);
    if (!zone) return { rcode: 'REFUSED', answers: [], authorities: [] };
    const answers: Answer[] = [];
    let owner = normalizeDnsName(qname);
    for (let hop = 0; hop < MAX_CHAIN; hop++) {
      const rrsets = this.names.get(owner);
      const exact = rrsets?.get(qtype as RecordType);
      if (exact) return { rcode: 'NOERROR', answers: answers.concat(exact.records), authorities: [] };
      if (qtype === 'SOA' && owner === zone.origin) {
        return { rcode: 'NOERROR', answers: [...answers, soaRecord(zone, zone.soaTtl)], authorities: [] };
      }
      const alias = qtype === 'CNAME' ? undefined : rrsets?.get('CNAME');
      const target = alias?.values[0];
      if (!alias || target === undefined) break;
      answers.push(...alias.records);
      if (this.zoneOf(target) !== zone) return { rcode: 'NOERROR', answers, authorities: [] };
      owner = target;
    }
    // RFC 2308 §3: the SOA in a negative answer carries min(SOA TTL, MINIMUM) as its TTL.
    const authorities = [soaRecord(zone, Math.min(zone.soaTtl, zone.negativeTtl))];
    const exists = owner === zone.origin || (this.nodes.get(owner) ?? 0) > 0;
    return { rcode: exists ? 'NOERROR' : 'NXDOMAIN', answers, authorities };
  }

  private adjustNodes(owner: string, delta: number): void {
    const origin = this.zoneOf(owner)?.origin ?? '';
    let node = owner;
    for (;;) {
      const count = (this.nodes.get(node) ?? 0) + delta;
      if (count > 0) this.nodes.set(node, count);
      else this.nodes.delete(node);
      if (node === origin) return;
      const dot = node.indexOf('.');
      if (dot < 0) return;
      node = node.slice(dot + 1);
    }
  }

  private record(name: string, type: RecordType, before: string[], after: string[]): void {
    const zone = this.zoneOf(name);
    if (zone) zone.serial = (zone.serial + 1) >>> 0;
    const entry: ChangeEntry = {
      name,
      type,
      before,
      after,
      at: this.now(),
      hrtimeNs: process.hrtime.bigint(),
    };
    this.log.push(entry);
    for (const listener of this.listeners) listener(entry);
  }
}

function toRecord(name: string, type: RecordType, value: string, ttl: number): Answer {
  if (type === 'TXT') {
    // A TXT string longer than 255 bytes is sent as several character-strings of one record.
    const bytes = Buffer.from(value, 'utf8');
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < bytes.length || chunks.length === 0; offset += 255) {
      chunks.push(bytes.subarray(offset, offset + 255));
    }
    return { name, type, ttl, class: 'IN', data: chunks };
  }
  return { name, type, ttl, class: 'IN', data: value };
}

function soaRecord(zone: Zone, ttl: number): Answer {
  return {
    name: zone.origin,
    type: 'SOA',
    ttl,
    class: 'IN',
    data: {
      mname: `ns1.${zone.origin}`,
      rname: `hostmaster.${zone.origin}`,
      serial: zone.serial,
      refresh: 3600,
      retry: 600,
      expire: 86_400,
      minimum: zone.negativeTtl,
    },
  };
}
