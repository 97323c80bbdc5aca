import { presentationName, rawName, recordKey, sortKey } from './names.js';
import { fromSdk, type StoredRecordSet } from './record-sets.js';
import { SortedList } from './sorted-list.js';

export type ZoneTier = 'STANDARD' | 'ADVANCED';

export interface HostedZoneOptions {
  id: string;
  name: string;
  callerReference: string;
  comment?: string;
  privateZone: boolean;
  tier: ZoneTier;
  acceleratedRecovery: string;
  recordQuota: number;
  createdAt: Date;
  /** Seed for the fake `ns-NNNN.awsdns-NN.*` delegation set, so each zone gets its own. */
  nameServerSeed: number;
}

/**
 * One hosted zone's record sets, indexed three ways: by identity (exact lookups), by owner name
 * (CNAME and routing-policy checks, alias resolution) and in Route 53's listing order (pages).
 */
export class HostedZone {
  readonly id: string;
  readonly name: string;
  readonly callerReference: string;
  comment: string | undefined;
  readonly privateZone: boolean;
  tier: ZoneTier;
  acceleratedRecovery: string;
  recordQuota: number;
  readonly createdAt: Date;
  readonly nameServers: string[];
  private readonly ordered = new SortedList<StoredRecordSet>((set) => set.key);
  private readonly byKey = new Map<string, StoredRecordSet>();
  private readonly byName = new Map<string, Map<string, StoredRecordSet>>();
  /** raw name → how many owner names holding data sit at or below it (NXDOMAIN vs NODATA). */
  private readonly nodes = new Map<string, number>();

  constructor(options: HostedZoneOptions) {
    this.id = options.id;
    this.name = presentationName(options.name);
    this.callerReference = options.callerReference;
    this.comment = options.comment;
    this.privateZone = options.privateZone;
    this.tier = options.tier;
    this.acceleratedRecovery = options.acceleratedRecovery;
    this.recordQuota = options.recordQuota;
    this.createdAt = options.createdAt;
    const n = options.nameServerSeed;
    this.nameServers = [
      `ns-${(n * 7) % 2048}.awsdns-${n % 64}.com.`,
      `ns-${(n * 11) % 2048}.awsdns-${(n + 17) % 64}.net.`,
      `ns-${(n * 13) % 2048}.awsdns-${(n + 33) % 64}.org.`,
      `ns-${(n * 17) % 2048}.awsdns-${(n + 49) % 64}.co.uk.`,
    ];
    // Route 53 creates the apex SOA and NS record sets with the zone.
    const soa = `${this.nameServers[0]} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`;
    this.put(fromSdk({ Name: this.name, Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: soa }] }));
    const ns = this.nameServers.map((Value) => ({ Value }));
    this.put(fromSdk({ Name: this.name, Type: 'NS', TTL: 172_800, ResourceRecords: ns }));
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Record sets the listing index has read so far (see SortedList.itemsRead). */
  get itemsRead(): number {
    return this.ordered.itemsRead;
  }

  get(name: string, type: string, setIdentifier?: string): StoredRecordSet | undefined {
    return this.byKey.get(recordKey(name, type, setIdentifier));
  }

  /** Every record set whose owner is exactly `name`. */
  atName(name: string): StoredRecordSet[] {
    return [...(this.byName.get(rawName(name))?.values() ?? [])];
  }

  /** Whether `name` owns data or has descendants that do (an empty non-terminal exists). */
  nameExists(name: string): boolean {
    return (this.nodes.get(rawName(name)) ?? 0) > 0;
  }

  /** One page in listing order from (name, type, identifier), plus the first record set after it. */
  list(
    start: { name?: string; type?: string; identifier?: string },
    limit: number,
  ): { items: StoredRecordSet[]; next: StoredRecordSet | undefined } {
    const from = start.name === undefined ? '' : sortKey(start.name, start.type ?? '', start.identifier);
    return this.ordered.page(from, limit);
  }

  all(): IterableIterator<StoredRecordSet> {
    return this.ordered[Symbol.iterator]();
  }

  /** Adds or replaces one record set (no validation: callers validate first). */
  put(set: StoredRecordSet): StoredRecordSet | undefined {
    const id = recordKey(set.name, set.type, set.setIdentifier);
    const previous = this.byKey.get(id);
    if (previous) this.ordered.remove(previous.key);
    this.ordered.insert(set);
    this.index(id, set, previous);
    return previous;
  }

  remove(name: string, type: string, setIdentifier?: string): StoredRecordSet | undefined {
    const id = recordKey(name, type, setIdentifier);
    const previous = this.byKey.get(id);
    if (!previous) return undefined;
    this.ordered.remove(previous.key);
    this.byKey.delete(id);
    const owner = rawName(previous.name);
    const atOwner = this.byName.get(owner);
    atOwner?.delete(id);
    if (atOwner && atOwner.size === 0) {
      this.byName.delete(owner);
      this.adjustNodes(owner, -1);
    }
    return previous;
  }

  /** Bulk load (seeding 100,000 record sets): one sort instead of 100,000 inserts. */
  putMany(sets: readonly StoredRecordSet[]): void {
    const fresh = new Map<string, StoredRecordSet>();
    for (const set of sets) fresh.set(recordKey(set.name, set.type, set.setIdentifier), set);
    for (const [id, set] of fresh) {
      const previous = this.byKey.get(id);
      if (previous) this.ordered.remove(previous.key);
      this.index(id, set, previous);
    }
    this.ordered.bulkInsert([...fresh.values()]);
  }

  private index(id: string, set: StoredRecordSet, previous: StoredRecordSet | undefined): void {
    this.byKey.set(id, set);
    const owner = rawName(set.name);
    let atOwner = this.byName.get(owner);
    if (!atOwner) {
      atOwner = new Map();
      this.byName.set(owner, atOwner);
      if (!previous) this.adjustNodes(owner, +1);
    }
    atOwner.set(id, set);
  }

  private adjustNodes(owner: string, delta: number): void {
    const origin = rawName(this.name);
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
}
