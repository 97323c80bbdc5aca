import { bareZoneId as stripZonePrefix } from '../../domain/route53/ids.js';
import {
  assessZonePosture,
  type ChangeHistoryState,
  type PostureFinding,
  worstLevel,
} from '../../domain/route53/posture.js';
import type { ChangeHistoryReader } from '../../ports/change-history.js';
import type { HostedZoneInfo, Route53Reader } from '../../ports/route53.js';
import { ChangeHistoryError } from '../../sources/route53/change-history-client.js';

/** A zone Lookout could not read at all: a configuration problem, reported once per zone. */
export interface PostureProblem {
  /** Route 53's error code (`NoSuchHostedZone`, `AccessDenied`, …) or the client's error name. */
  code: string;
  message: string;
}

export interface ZonePosture {
  zoneId: string;
  name?: string;
  privateZone?: boolean;
  acceleratedRecoveryStatus?: string;
  changeHistory?: ChangeHistoryState;
  findings: PostureFinding[];
  problem?: PostureProblem;
}

export interface PostureReport {
  zones: ZonePosture[];
  /** `warn` when any zone has a warning or a problem. */
  level: 'ok' | 'warn' | 'info';
}

export interface PostureCheckDependencies {
  adapter: Route53Reader;
  history: ChangeHistoryReader;
}

/**
 * Gathers the posture of each zone (duplicates checked once, order kept): GetHostedZone for the
 * Accelerated Recovery status, one ListHostedZoneChangeBatches item to learn whether Change History
 * answers. A zone that cannot be read becomes a `problem` and the other zones are still checked.
 *
 * @example
 * const report = await checkPosture({ adapter, history }, config.route53.zones.map((z) => z.id));
 */
export async function checkPosture(
  deps: PostureCheckDependencies,
  zoneIds: readonly string[],
): Promise<PostureReport> {
  const unique = [...new Set(zoneIds.map(stripZonePrefix))];
  const zones = await Promise.all(unique.map((zoneId) => zonePosture(deps, zoneId)));
  const level = worstLevel(
    zones.flatMap((z) => (z.problem ? ['warn' as const] : z.findings.map((f) => f.level))),
  );
  return { zones, level };
}

async function zonePosture(deps: PostureCheckDependencies, zoneId: string): Promise<ZonePosture> {
  let zone: HostedZoneInfo;
  try {
    zone = await deps.adapter.getHostedZone(zoneId);
  } catch (error) {
    return { zoneId, findings: [], problem: describeProblem(zoneId, error) };
  }
  const history = await changeHistoryState(deps.history, zoneId);
  const input = {
    zoneId,
    name: zone.name,
    privateZone: zone.privateZone,
    changeHistory: history.state,
    ...(zone.acceleratedRecoveryStatus ? { acceleratedRecoveryStatus: zone.acceleratedRecoveryStatus } : {}),
    ...(history.note ? { changeHistoryNote: history.note } : {}),
  };
  return {
    zoneId,
    name: zone.name,
    privateZone: zone.privateZone,
    ...(zone.acceleratedRecoveryStatus ? { acceleratedRecoveryStatus: zone.acceleratedRecoveryStatus } : {}),
    changeHistory: history.state,
    findings: assessZonePosture(input),
  };
}

async function changeHistoryState(
  history: ChangeHistoryReader,
  zoneId: string,
): Promise<{ state: ChangeHistoryState; note?: string }> {
  try {
    const page = await history.listChangeBatches(zoneId, { maxItems: 1 });
    return { state: page.available ? 'available' : 'unavailable' };
  } catch (error) {
    if (error instanceof ChangeHistoryError && error.code === 'AccessDenied') {
      return { state: 'unknown', note: 'AccessDenied: allow route53:ListHostedZoneChangeBatches to read it' };
    }
    const code = error instanceof ChangeHistoryError ? error.code : (error as Error)?.name;
    return { state: 'unknown', note: `${code}: ${(error as Error)?.message ?? String(error)}` };
  }
}

/** One sentence a person can act on, from whatever GetHostedZone threw. */
function describeProblem(zoneId: string, error: unknown): PostureProblem {
  const err = error as { name?: string; message?: string };
  const code = err?.name ?? 'Error';
  const detail = err?.message ?? String(error);
  switch (code) {
    case 'NoSuchHostedZone':
      return {
        code,
        message: `hosted zone ${zoneId} does not exist in this account (NoSuchHostedZone): check the id in route53.zones (or --zone)`,
      };
    case 'AccessDenied':
    case 'AccessDeniedException':
      return {
        code,
        message: `not allowed to read hosted zone ${zoneId} (${code}): allow route53:GetHostedZone and route53:ListHostedZoneChangeBatches for it`,
      };
    case 'InvalidClientTokenId':
    case 'ExpiredToken':
    case 'SignatureDoesNotMatch':
    case 'CredentialsProviderError':
      return { code, message: `AWS credentials were not accepted (${code}): ${detail}` };
    default:
      return { code, message: `could not read hosted zone ${zoneId} (${code}): ${detail}` };
  }
}
