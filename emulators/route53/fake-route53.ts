import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { DemoDnsServer } from '../dns/dns-server.js';
import type { CloudTrailEventBridgeEvent, SubmittedAtStyle } from './cloudtrail.js';
import { DnsMirror } from './dns-mirror.js';
import { type Fault, FaultQueue } from './faults.js';
import type { ZoneTier } from './hosted-zone.js';
import { type RequestLogEntry, Route53HttpServer } from './http-server.js';
import { DEFAULT_ACCOUNT_ID, PrincipalRegistry } from './identity.js';
import { rawName } from './names.js';
import { fromSdk, toSdk } from './record-sets.js';
import { type AppliedBatch, type CreateZoneOptions, Route53State } from './state.js';
import { AccountRateLimiter, ROUTE53_DEFAULT_THROTTLING, type ThrottlingOptions } from './throttling.js';

export interface FakeRoute53Options {
  host?: string;
  /** HTTP port; 0 (default) picks a free one. */
  port?: number;
  /** Serve public zones over real DNS on loopback (default true). */
  dns?: boolean;
  /** Route 53's account token bucket (burst 50, 10/s) unless given or `false`. */
  throttling?: ThrottlingOptions | false;
  /**
   * The token bucket's clock in milliseconds (default `performance.now`). A test that counts refusals
   * injects one, so how many requests are admitted does not depend on how fast the machine sends them.
   */
  throttlingClock?: () => number;
  /** Refuse unregistered access keys with 403 InvalidClientTokenId (default false: default principal). */
  strictCredentials?: boolean;
  /** Who unregistered keys act as, and who "created" zones (Change History's CreateHostedZone). */
  defaultPrincipalArn?: string;
  /** How long a change stays PENDING in GetChange (default 0: INSYNC at the next poll). */
  changePropagationMs?: number;
  /**
   * The API's clock (default `new Date()`): zone creation, change submission and PENDING → INSYNC. A test
   * of propagation moves it instead of sleeping.
   */
  clock?: () => Date;
  /** CloudTrail `submittedAt`: `jdk8` "Jan 6, 2020 6:50:43 PM" (default, as documented) or `cldr` "Jan 6, 2020, 6:50:43 PM". */
  submittedAtStyle?: SubmittedAtStyle;
}

export interface ZoneInfo {
  id: string;
  name: string;
  privateZone: boolean;
  tier: ZoneTier;
  acceleratedRecovery: string;
  recordQuota: number;
  recordSetCount: number;
  nameServers: string[];
}

/**
 * A Route 53 API server on loopback that the real `@aws-sdk/client-route-53` talks to (REST-XML
 * at `/2013-04-01/...`), with Route 53's listing order and pagination, atomic validated change
 * batches, PENDING → INSYNC, TestDNSAnswer, Change History, account throttling, fault injection,
 * caller attribution from SigV4 access keys, CloudTrail-shaped events, and the zones served over
 * real DNS through DemoDnsServer.
 *
 * @example
 * const route53 = new FakeRoute53();
 * const { endpoint } = await route53.start();
 * const zoneId = await route53.createZone({ name: 'example.test' });
 * route53.registerPrincipal('ASIAENACTOR1', 'arn:aws:sts::123456789012:assumed-role/dns-enactor/enactor-1');
 * const client = new Route53Client({ endpoint, region: 'us-east-1',
 *   credentials: { accessKeyId: 'ASIAENACTOR1', secretAccessKey: 'x' } });
 */
export class FakeRoute53 {
  private readonly principals: PrincipalRegistry;
  private readonly state: Route53State;
  private readonly limiter: AccountRateLimiter;
  private readonly faults = new FaultQueue();
  private readonly http: Route53HttpServer;
  private readonly mirror: DnsMirror | undefined;
  private readonly cloudTrailListeners = new Set<(event: CloudTrailEventBridgeEvent) => void>();
  readonly cloudTrailEvents: CloudTrailEventBridgeEvent[] = [];

  constructor(private readonly options: FakeRoute53Options = {}) {
    const defaultArn = options.defaultPrincipalArn ?? `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:user/lookout-test`;
    this.principals = new PrincipalRegistry(defaultArn);
    this.state = new Route53State(defaultArn, options.clock);
    this.state.propagationMs = options.changePropagationMs ?? 0;
    this.limiter = new AccountRateLimiter(
      options.throttling ?? ROUTE53_DEFAULT_THROTTLING,
      options.throttlingClock,
    );
    this.mirror =
      options.dns === false ? undefined : new DnsMirror(() => [...this.state.zones.values()], options.host);
    this.http = new Route53HttpServer({
      state: this.state,
      principals: this.principals,
      limiter: this.limiter,
      faults: this.faults,
      strictCredentials: options.strictCredentials ?? false,
      submittedAtStyle: options.submittedAtStyle ?? 'jdk8',
      onCloudTrail: (event) => {
        this.cloudTrailEvents.push(event);
        for (const listener of this.cloudTrailListeners) listener(event);
      },
      onApplied: ({ notes }) => {
        if (notes.zone && notes.touched) this.mirror?.sync(notes.zone, notes.touched);
      },
    });
  }

  /** Starts HTTP (and DNS unless disabled); returns the SDK endpoint and the DNS `host:port`. */
  async start(): Promise<{ endpoint: string; dnsAddress: string | undefined }> {
    const endpoint = await this.http.start(this.options.host, this.options.port);
    const dnsAddress = await this.mirror?.start();
    return { endpoint, dnsAddress };
  }

  async stop(): Promise<void> {
    await Promise.all([this.http.stop(), this.mirror?.stop()]);
  }

  get endpoint(): string {
    return this.http.endpoint;
  }

  /** `127.0.0.1:PORT` of the DNS server answering for the public zones. */
  get dnsAddress(): string | undefined {
    return this.mirror?.address;
  }

  /** The DemoDnsServer behind `dnsAddress` (replaced when a zone is created after start). */
  get dns(): DemoDnsServer | undefined {
    return this.mirror?.dns;
  }

  /** Every request served: operation, status, error code, caller ARN, request id. */
  get requestLog(): readonly RequestLogEntry[] {
    return this.http.log;
  }

  /** Creates a hosted zone with its apex SOA and NS record sets; resolves to the bare zone id. */
  async createZone(options: CreateZoneOptions): Promise<string> {
    const zone = this.state.createZone(options);
    await this.mirror?.zoneAdded();
    return zone.id;
  }

  zoneInfo(zoneId: string): ZoneInfo {
    const zone = this.state.zone(zoneId);
    return {
      id: zone.id,
      name: zone.name,
      privateZone: zone.privateZone,
      tier: zone.tier,
      acceleratedRecovery: zone.acceleratedRecovery,
      recordQuota: zone.recordQuota,
      recordSetCount: zone.size,
      nameServers: [...zone.nameServers],
    };
  }

  /** Admin changes the API cannot make here (tier, Accelerated Recovery status, quota). */
  updateZone(
    zoneId: string,
    update: Partial<Pick<ZoneInfo, 'tier' | 'acceleratedRecovery' | 'recordQuota'>>,
  ): void {
    const zone = this.state.zone(zoneId);
    if (update.tier !== undefined) zone.tier = update.tier;
    if (update.acceleratedRecovery !== undefined) zone.acceleratedRecovery = update.acceleratedRecovery;
    if (update.recordQuota !== undefined) zone.recordQuota = update.recordQuota;
  }

  /**
   * Bulk-loads record sets (UPSERT semantics) bypassing validation, quota, throttling, history,
   * CloudTrail and `onChange`: for fixtures and 100,000-record benchmarks.
   */
  seed(zoneId: string, recordSets: readonly ResourceRecordSet[]): void {
    const zone = this.state.zone(zoneId);
    const sets = recordSets.map(fromSdk);
    zone.putMany(sets);
    this.mirror?.sync(zone, new Set(sets.map((set) => rawName(set.name))));
  }

  /**
   * How many record sets the zone's listing index has read so far (keys compared, items listed or
   * iterated). A test tells "a page costs O(page)" and "a change does not scan the zone" from this count
   * of work, not from a clock.
   */
  itemsRead(zoneId: string): number {
    return this.state.zone(zoneId).itemsRead;
  }

  /** The zone's record sets in listing order, SDK-shaped (an admin read: no throttling). */
  recordSets(zoneId: string): ResourceRecordSet[] {
    return [...this.state.zone(zoneId).all()].map(toSdk);
  }

  /** Attributes requests signed with `accessKeyId` to `arn` (a role session, IAM user or root ARN). */
  registerPrincipal(accessKeyId: string, arn: string): void {
    this.principals.register(accessKeyId, arn);
  }

  /** `{ burst, perSecond }` for the account token bucket, or `false` to turn throttling off. */
  setThrottling(options: ThrottlingOptions | false): void {
    this.limiter.configure(options);
  }

  /** Queues a fault for the next matching request(s): an error, a delay, or a connection reset. */
  failNext(fault: Fault): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setChangePropagationMs(ms: number): void {
    this.state.propagationMs = ms;
  }

  /** Each applied ChangeResourceRecordSets batch, with the caller's identity. */
  onChange(listener: (batch: AppliedBatch) => void): () => void {
    return this.state.onChange(listener);
  }

  /** Each ChangeResourceRecordSets call (failed ones too) as a CloudTrail event on EventBridge. */
  onCloudTrailEvent(listener: (event: CloudTrailEventBridgeEvent) => void): () => void {
    this.cloudTrailListeners.add(listener);
    return () => this.cloudTrailListeners.delete(listener);
  }
}
