import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  type Route53Client,
  type RRType,
  TestDNSAnswerCommand,
} from '@aws-sdk/client-route-53';
import { normalizeDnsName } from '../../domain/dns-name.js';
import { bareChangeId, bareZoneId } from '../../domain/route53/ids.js';
import type { RecordSetContent } from '../../domain/route53/record-set.js';
import type { RestoreChange } from '../../domain/route53/restore-plan.js';
import type { RateLimiter } from '../../ports/rate-limiter.js';
import type { HostedZoneInfo, PageCursor, Route53Writer } from '../../ports/route53.js';

export type { HostedZoneInfo, PageCursor } from '../../ports/route53.js';

import { ChangeConflictError } from './errors.js';
import { fromSdkRecordSet, toSdkRecordSet } from './record-set-mapping.js';

/**
 * The Route 53 calls Lookout makes, over an injected SDK client (the real service, or the API server in
 * test/support). Every call takes a token from the limiter first; throttling that still happens is
 * retried by the SDK (Throttling and PriorRequestNotComplete are retryable there).
 */
export class Route53Adapter implements Route53Writer {
  constructor(
    private readonly client: Route53Client,
    private readonly limiter?: RateLimiter,
  ) {}

  /** The client, once the limiter allows one more request. */
  private async ready(): Promise<Route53Client> {
    await this.limiter?.take();
    return this.client;
  }

  async listHostedZones(): Promise<HostedZoneInfo[]> {
    const zones: HostedZoneInfo[] = [];
    let marker: string | undefined;
    do {
      const out = await (await this.ready()).send(
        new ListHostedZonesCommand(marker ? { Marker: marker } : {}),
      );
      for (const z of out.HostedZones ?? []) {
        zones.push({
          id: bareZoneId(z.Id ?? ''),
          name: normalizeDnsName(z.Name ?? ''),
          privateZone: z.Config?.PrivateZone ?? false,
          ...(z.ResourceRecordSetCount !== undefined ? { recordCount: z.ResourceRecordSetCount } : {}),
        });
      }
      marker = out.IsTruncated ? out.NextMarker : undefined;
    } while (marker);
    return zones;
  }

  async getHostedZone(zoneId: string): Promise<HostedZoneInfo> {
    const out = await (await this.ready()).send(new GetHostedZoneCommand({ Id: bareZoneId(zoneId) }));
    const z = out.HostedZone;
    const status = z?.Features?.AcceleratedRecoveryStatus;
    return {
      id: bareZoneId(z?.Id ?? zoneId),
      name: normalizeDnsName(z?.Name ?? ''),
      privateZone: z?.Config?.PrivateZone ?? false,
      ...(z?.ResourceRecordSetCount !== undefined ? { recordCount: z.ResourceRecordSetCount } : {}),
      ...(status ? { acceleratedRecoveryStatus: status } : {}),
    };
  }

  /** One page (≤ 300 record sets) in Route 53's order, and where the next one starts. */
  async listRecordSetsPage(
    zoneId: string,
    start?: PageCursor,
    maxItems = 300,
  ): Promise<{ recordSets: RecordSetContent[]; next?: PageCursor }> {
    const out = await (await this.ready()).send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: bareZoneId(zoneId),
        MaxItems: maxItems,
        ...(start
          ? {
              StartRecordName: start.name,
              StartRecordType: start.type as RRType,
              ...(start.identifier ? { StartRecordIdentifier: start.identifier } : {}),
            }
          : {}),
      }),
    );
    const recordSets = (out.ResourceRecordSets ?? []).map((r) => fromSdkRecordSet(zoneId, r));
    const next =
      out.IsTruncated && out.NextRecordName && out.NextRecordType
        ? {
            name: out.NextRecordName,
            type: out.NextRecordType,
            ...(out.NextRecordIdentifier ? { identifier: out.NextRecordIdentifier } : {}),
          }
        : undefined;
    return next ? { recordSets, next } : { recordSets };
  }

  /** The answer Route 53's own name servers give (public zones). */
  async testDnsAnswer(
    zoneId: string,
    name: string,
    type: string,
  ): Promise<{ responseCode: string; values: string[] }> {
    const out = await (await this.ready()).send(
      new TestDNSAnswerCommand({
        HostedZoneId: bareZoneId(zoneId),
        RecordName: name,
        RecordType: type as RRType,
      }),
    );
    return { responseCode: out.ResponseCode ?? 'SERVFAIL', values: [...(out.RecordData ?? [])].sort() };
  }

  /**
   * Submits one atomic batch. A batch refused because the record changed since it was read becomes a
   * ChangeConflictError carrying Route 53's own message (which also names a blocking guardrail).
   */
  async changeRecordSets(
    zoneId: string,
    changes: RestoreChange[],
    comment: string,
  ): Promise<{ changeId: string; status: string }> {
    try {
      const out = await (await this.ready()).send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: bareZoneId(zoneId),
          ChangeBatch: {
            Comment: comment,
            Changes: changes.map((c) => ({
              Action: c.action,
              ResourceRecordSet: toSdkRecordSet(c.recordSet),
            })),
          },
        }),
      );
      return {
        changeId: bareChangeId(out.ChangeInfo?.Id ?? ''),
        status: out.ChangeInfo?.Status ?? 'PENDING',
      };
    } catch (error) {
      if ((error as Error).name === 'InvalidChangeBatch') {
        const listed = (error as { messages?: string[] }).messages;
        // The SDK leaves `messages` empty for Route 53's current error shape; the text is in `message`.
        const messages = listed?.length ? listed : [(error as Error).message];
        throw new ChangeConflictError(
          `Route 53 refused the change: the record changed since Lookout read it, or a guardrail blocked it — ${messages.join('; ')}`,
          messages.join('; '),
          { cause: error },
        );
      }
      throw error;
    }
  }

  async getChangeStatus(changeId: string): Promise<string> {
    const out = await (await this.ready()).send(new GetChangeCommand({ Id: bareChangeId(changeId) }));
    return out.ChangeInfo?.Status ?? 'PENDING';
  }
}
