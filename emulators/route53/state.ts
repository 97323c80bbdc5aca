import { randomBytes } from 'node:crypto';
import { type AppliedChange, planBatch, type RequestedChange } from './change-batch.js';
import { ChangeHistory, normalizeChangeId } from './change-history.js';
import { errors } from './errors.js';
import { HostedZone, type ZoneTier } from './hosted-zone.js';
import type { CallerIdentity } from './identity.js';

export interface CreateZoneOptions {
  name: string;
  privateZone?: boolean;
  tier?: ZoneTier;
  /** `HostedZone.Features.AcceleratedRecoveryStatus` (ENABLED, DISABLED, ENABLING…). */
  acceleratedRecovery?: string;
  /** Record sets per zone (Route 53's default quota is 10,000). */
  recordQuota?: number;
  comment?: string;
  callerReference?: string;
}

export interface ChangeInfoRecord {
  /** `/change/C…` */
  id: string;
  zoneId: string;
  submittedAt: Date;
  comment?: string;
}

/** One applied ChangeResourceRecordSets call, as `onChange` listeners receive it. */
export interface AppliedBatch {
  zoneId: string;
  zoneName: string;
  changeId: string;
  requestId: string;
  submittedAt: Date;
  comment?: string;
  caller: CallerIdentity;
  changes: AppliedChange[];
}

/** Hosted zones, change statuses and histories: the data behind every operation. */
export class Route53State {
  readonly zones = new Map<string, HostedZone>();
  readonly histories = new Map<string, ChangeHistory>();
  private readonly changes = new Map<string, ChangeInfoRecord>();
  private readonly listeners = new Set<(batch: AppliedBatch) => void>();
  private zoneCount = 0;
  propagationMs = 0;

  constructor(
    private readonly adminPrincipal: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  createZone(options: CreateZoneOptions): HostedZone {
    const id = newId('Z');
    const createdAt = this.now();
    const zone = new HostedZone({
      id,
      name: options.name,
      callerReference: options.callerReference ?? `lookout-${createdAt.getTime()}-${this.zoneCount}`,
      comment: options.comment,
      privateZone: options.privateZone ?? false,
      tier: options.tier ?? 'STANDARD',
      acceleratedRecovery: options.acceleratedRecovery ?? 'DISABLED',
      recordQuota: options.recordQuota ?? 10_000,
      createdAt,
      nameServerSeed: 1000 + this.zoneCount * 131,
    });
    this.zoneCount++;
    this.zones.set(id, zone);
    const history = new ChangeHistory();
    const changeId = normalizeChangeId(newId('C'));
    this.changes.set(changeId, { id: changeId, zoneId: id, submittedAt: createdAt });
    history.record({
      changeId,
      operation: 'CreateHostedZone',
      submittedAt: createdAt,
      submittedBy: this.adminPrincipal,
      changes: [],
    });
    this.histories.set(id, history);
    return zone;
  }

  /** The zone for an id with or without `/hostedzone/`, or NoSuchHostedZone. */
  zone(id: string): HostedZone {
    const zone = this.zones.get(id.replace(/^\/hostedzone\//, ''));
    if (!zone) throw errors.noSuchHostedZone(id);
    return zone;
  }

  history(zone: HostedZone): ChangeHistory {
    if (zone.tier !== 'ADVANCED') throw errors.featureNotEnabled(zone.id);
    return this.histories.get(zone.id) as ChangeHistory;
  }

  /** Validates and applies one batch atomically (all or nothing), or throws InvalidChangeBatch. */
  applyBatch(
    zone: HostedZone,
    requested: readonly RequestedChange[],
    meta: { caller: CallerIdentity; requestId: string; comment?: string },
  ): { change: ChangeInfoRecord; batch: AppliedBatch } {
    const plan = planBatch(zone, requested);
    if (!plan.ok) {
      throw plan.code === 'InvalidInput'
        ? errors.invalidInput(plan.messages.join('; '))
        : errors.invalidChangeBatch(plan.messages);
    }
    for (const change of plan.applied) {
      if (change.action === 'DELETE') zone.remove(change.set.name, change.set.type, change.set.setIdentifier);
      else zone.put(change.set);
    }
    const submittedAt = this.now();
    const change: ChangeInfoRecord = { id: normalizeChangeId(newId('C')), zoneId: zone.id, submittedAt };
    if (meta.comment !== undefined) change.comment = meta.comment;
    this.changes.set(change.id, change);
    this.histories.get(zone.id)?.record({
      changeId: change.id,
      operation: 'ChangeResourceRecordSets',
      submittedAt,
      submittedBy: meta.caller.arn,
      requestId: meta.requestId,
      ...(meta.comment === undefined ? {} : { comment: meta.comment }),
      changes: plan.applied.map(({ action, set }) => ({ action, set })),
    });
    const batch: AppliedBatch = {
      zoneId: zone.id,
      zoneName: zone.name,
      changeId: change.id,
      requestId: meta.requestId,
      submittedAt,
      caller: meta.caller,
      changes: plan.applied,
    };
    if (meta.comment !== undefined) batch.comment = meta.comment;
    for (const listener of this.listeners) listener(batch);
    return { change, batch };
  }

  /** PENDING until `propagationMs` after submission, then INSYNC; NoSuchChange for unknown ids. */
  changeStatus(id: string): ChangeInfoRecord & { status: 'PENDING' | 'INSYNC' } {
    const change = this.changes.get(normalizeChangeId(id));
    if (!change) throw errors.noSuchChange(id);
    const elapsed = this.now().getTime() - change.submittedAt.getTime();
    return { ...change, status: elapsed >= this.propagationMs ? 'INSYNC' : 'PENDING' };
  }

  onChange(listener: (batch: AppliedBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** `Z`/`C` + 20 upper-case letters and digits, like current Route 53 ids. */
function newId(prefix: 'Z' | 'C'): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return prefix + Array.from(randomBytes(20), (byte) => alphabet[byte % alphabet.length]).join('');
}
