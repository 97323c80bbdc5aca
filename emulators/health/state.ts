import { createHash } from 'node:crypto';
import { LookoutError } from '../../lambda/domain/errors.js';

/** An affected entity as a test or the demo publishes it. */
export interface PublishedEntity {
  /** `entityValue`: an instance id, a volume, a domain name… */
  value: string;
  /** The affected account (default: the event's `account`, else the emulator's default account). */
  account?: string;
  /** `IMPAIRED` | `UNIMPAIRED` | `UNKNOWN` | `PENDING` | `RESOLVED` (default `IMPAIRED`). */
  status?: string;
  arn?: string;
  url?: string;
  lastUpdatedTime?: Date | string;
  tags?: Record<string, string>;
}

/**
 * One publication of an AWS Health event: creates it (`service`, `typeCode`, `category` and `region`
 * required) or updates it (only what is given changes; `lastUpdatedTime` always moves, to the clock's
 * time unless given). Field names follow Lookout's `HealthEvent`.
 */
export interface PublishedHealthEvent {
  arn: string;
  /** An affected account (organization view; makes an unscoped event ACCOUNT_SPECIFIC). */
  account?: string;
  accounts?: readonly string[];
  service?: string;
  typeCode?: string;
  category?: string;
  region?: string;
  availabilityZone?: string;
  /** `PUBLIC` | `ACCOUNT_SPECIFIC` | `NONE`; unset: ACCOUNT_SPECIFIC when accounts are affected, else PUBLIC. */
  scope?: string;
  status?: string;
  startTime?: Date | string;
  endTime?: Date | string;
  lastUpdatedTime?: Date | string;
  description?: string;
  metadata?: Record<string, string>;
  entities?: readonly PublishedEntity[];
}

export interface StoredEntity {
  value: string;
  arn: string;
  status: string;
  url?: string;
  lastUpdatedTime: Date;
  tags: Record<string, string>;
}

export interface StoredEvent {
  arn: string;
  service: string;
  typeCode: string;
  category: string;
  region: string;
  availabilityZone?: string;
  explicitScope?: string;
  status: string;
  startTime?: Date;
  endTime?: Date;
  lastUpdatedTime: Date;
  description: string;
  metadata: Record<string, string>;
  /** Affected account → its entities by value. */
  accounts: Map<string, Map<string, StoredEntity>>;
}

export class HealthStateError extends LookoutError {
  override readonly name: string = 'HealthStateError';
  readonly code = 'HEALTH_EMULATOR_STATE';
}

export function scopeOf(event: StoredEvent): string {
  return event.explicitScope ?? (event.accounts.size > 0 ? 'ACCOUNT_SPECIFIC' : 'PUBLIC');
}

/** Newest change first, as DescribeEvents sorts; the ARN breaks ties so pages never overlap. */
export function compareEvents(a: StoredEvent, b: StoredEvent): number {
  const byTime = b.lastUpdatedTime.getTime() - a.lastUpdatedTime.getTime();
  return byTime !== 0 ? byTime : a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0;
}

/** The events AWS Health holds for every account of the (single) organization, in memory. */
export class HealthStore {
  private readonly events = new Map<string, StoredEvent>();

  constructor(
    private readonly defaultAccount: string,
    private readonly now: () => Date,
  ) {}

  get(arn: string): StoredEvent | undefined {
    return this.events.get(arn);
  }

  /** Every event, newest change first. */
  sorted(): StoredEvent[] {
    return [...this.events.values()].sort(compareEvents);
  }

  /** Whether `account` sees the event in its own (non-organization) view. */
  visibleTo(event: StoredEvent, account: string): boolean {
    return scopeOf(event) === 'PUBLIC' || event.accounts.has(account);
  }

  publish(input: PublishedHealthEvent): StoredEvent {
    const at = toDate(input.lastUpdatedTime, 'lastUpdatedTime') ?? this.now();
    const existing = this.events.get(input.arn);
    const event = existing ?? this.create(input, at);
    if (input.service !== undefined) event.service = input.service;
    if (input.typeCode !== undefined) event.typeCode = input.typeCode;
    if (input.category !== undefined) event.category = input.category;
    if (input.region !== undefined) event.region = input.region;
    if (input.availabilityZone !== undefined) event.availabilityZone = input.availabilityZone;
    if (input.scope !== undefined) event.explicitScope = input.scope;
    if (input.status !== undefined) event.status = input.status;
    if (input.description !== undefined) event.description = input.description;
    if (input.metadata !== undefined) event.metadata = { ...input.metadata };
    const start = toDate(input.startTime, 'startTime');
    if (start) event.startTime = start;
    const end = toDate(input.endTime, 'endTime');
    if (end) event.endTime = end;
    event.lastUpdatedTime = at;
    for (const account of [...(input.accounts ?? []), ...(input.account ? [input.account] : [])]) {
      if (!event.accounts.has(account)) event.accounts.set(account, new Map());
    }
    for (const entity of input.entities ?? []) this.putEntity(event, input.account, entity, at);
    this.events.set(event.arn, event);
    return event;
  }

  clear(): void {
    this.events.clear();
  }

  private create(input: PublishedHealthEvent, at: Date): StoredEvent {
    const { service, typeCode, category, region } = input;
    if (!service || !typeCode || !category || !region) {
      throw new HealthStateError(`a new event needs service, typeCode, category and region: ${input.arn}`);
    }
    return {
      arn: input.arn,
      service,
      typeCode,
      category,
      region,
      status: 'open',
      lastUpdatedTime: at,
      description: '',
      metadata: {},
      accounts: new Map(),
    };
  }

  private putEntity(
    event: StoredEvent,
    eventAccount: string | undefined,
    entity: PublishedEntity,
    at: Date,
  ): void {
    const account = entity.account ?? eventAccount ?? this.defaultAccount;
    const entities = event.accounts.get(account) ?? new Map<string, StoredEntity>();
    event.accounts.set(account, entities);
    const previous = entities.get(entity.value);
    const stored: StoredEntity = {
      value: entity.value,
      arn: entity.arn ?? previous?.arn ?? entityArn(event, account, entity.value),
      status: entity.status ?? previous?.status ?? 'IMPAIRED',
      lastUpdatedTime: toDate(entity.lastUpdatedTime, 'entity lastUpdatedTime') ?? at,
      tags: { ...(previous?.tags ?? {}), ...(entity.tags ?? {}) },
    };
    const url = entity.url ?? previous?.url;
    if (url) stored.url = url;
    entities.set(entity.value, stored);
  }
}

function entityArn(event: StoredEvent, account: string, value: string): string {
  const id = createHash('sha256').update(`${event.arn}|${value}`).digest('hex').slice(0, 32);
  return `arn:aws:health:${event.region}:${account}:entity/${id}`;
}

function toDate(value: Date | string | undefined, what: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new HealthStateError(`${what} is not a date: ${String(value)}`);
  return date;
}
