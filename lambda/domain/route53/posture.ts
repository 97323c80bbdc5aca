/**
 * How well a hosted zone is prepared for the next us-east-1 control-plane outage, in plain words:
 * can Lookout still restore records during the outage (Accelerated Recovery), and can it tell who
 * changed what without CloudTrail (Change History). Pure: the facts come from the caller.
 */

/** Whether ListHostedZoneChangeBatches answered: `unavailable` is `FeatureNotEnabled` (STANDARD tier). */
export type ChangeHistoryState = 'available' | 'unavailable' | 'unknown';

export interface ZonePostureInput {
  zoneId: string;
  name: string;
  privateZone: boolean;
  /** `HostedZone.Features.AcceleratedRecoveryStatus` from GetHostedZone; absent when not reported. */
  acceleratedRecoveryStatus?: string;
  changeHistory: ChangeHistoryState;
  /** Why Change History could not be checked (with `unknown`), e.g. "AccessDenied: …". */
  changeHistoryNote?: string;
}

export type FindingLevel = 'ok' | 'warn' | 'info';
export type PostureFeature = 'accelerated-recovery' | 'change-history';

export interface PostureFinding {
  level: FindingLevel;
  feature: PostureFeature;
  message: string;
}

const OUTAGE_RESTORE =
  'restore will be impossible while us-east-1 is impaired: enable Accelerated Recovery (it must be on before an outage)';

/**
 * One finding per feature for a zone: `ok` when it protects the zone, `warn` when the zone is exposed
 * and someone should act, `info` when it does not apply or is on its way.
 *
 * @example
 * assessZonePosture({ zoneId: 'Z1', name: 'example.com', privateZone: false,
 *   acceleratedRecoveryStatus: 'DISABLED', changeHistory: 'unavailable' });
 * // [{ level: 'warn', feature: 'accelerated-recovery', message: 'Accelerated Recovery is off: restore will …' }, …]
 */
export function assessZonePosture(input: ZonePostureInput): PostureFinding[] {
  return [acceleratedRecovery(input), changeHistory(input)];
}

/** The most serious level among findings: warn > info > ok. */
export function worstLevel(levels: readonly FindingLevel[]): FindingLevel {
  if (levels.includes('warn')) return 'warn';
  if (levels.includes('info')) return 'info';
  return 'ok';
}

function acceleratedRecovery(input: ZonePostureInput): PostureFinding {
  const feature = 'accelerated-recovery';
  if (input.privateZone) {
    return {
      level: 'info',
      feature,
      message:
        'private zone: Accelerated Recovery applies to public zones only — changes to this zone wait until us-east-1 recovers',
    };
  }
  const status = input.acceleratedRecoveryStatus;
  const warn = (message: string): PostureFinding => ({ level: 'warn', feature, message });
  switch (status) {
    case 'ENABLED':
      return {
        level: 'ok',
        feature,
        message:
          'Accelerated Recovery is on: if us-east-1 is impaired, Route 53 moves this zone’s control plane to us-west-2 within about 60 minutes, so records can still be restored',
      };
    case undefined:
      return warn(`Route 53 reported no Accelerated Recovery status, so treat it as off: ${OUTAGE_RESTORE}`);
    case 'DISABLED':
      return warn(`Accelerated Recovery is off: ${OUTAGE_RESTORE}`);
    case 'ENABLING':
      return {
        level: 'info',
        feature,
        message:
          'Accelerated Recovery is being turned on (ENABLING): the zone is not protected until it reads ENABLED — check again in a few minutes',
      };
    case 'ENABLING_HOSTED_ZONE_LOCKED':
      return warn(
        'Accelerated Recovery is waiting to turn on because the hosted zone is locked by another operation (ENABLING_HOSTED_ZONE_LOCKED): the zone is not protected yet — check again once that operation has finished',
      );
    case 'ENABLE_FAILED':
      return warn(
        `turning on Accelerated Recovery failed (ENABLE_FAILED): see Features.FailureReasons in GetHostedZone and try again — until then ${OUTAGE_RESTORE}`,
      );
    case 'DISABLING':
    case 'DISABLING_HOSTED_ZONE_LOCKED':
      return warn(
        `Accelerated Recovery is being turned off (${status}): once it is off, ${OUTAGE_RESTORE} — turn it back on unless that is intended`,
      );
    case 'DISABLE_FAILED':
      return warn(
        'turning off Accelerated Recovery failed (DISABLE_FAILED), so whether restores work while us-east-1 is impaired is uncertain: see Features.FailureReasons in GetHostedZone',
      );
    default:
      return warn(
        `unrecognised Accelerated Recovery status ${status}, so treat it as off: ${OUTAGE_RESTORE}`,
      );
  }
}

function changeHistory(input: ZonePostureInput): PostureFinding {
  const feature = 'change-history';
  switch (input.changeHistory) {
    case 'available':
      return {
        level: 'ok',
        feature,
        message:
          'Change History is on (ADVANCED tier): Route 53 itself keeps 365 days of who changed what, even when CloudTrail events never reach EventBridge',
      };
    case 'unavailable':
      return {
        level: 'warn',
        feature,
        message:
          'Change History is off (STANDARD tier, or not turned on): writer attribution depends on CloudTrail events reaching EventBridge — move the zone to ADVANCED for 365 days of who-changed-what, and Change Guardrails',
      };
    case 'unknown':
      return {
        level: 'info',
        feature,
        message: `Change History could not be checked${input.changeHistoryNote ? ` (${input.changeHistoryNote})` : ''}: writer attribution may depend on CloudTrail events alone`,
      };
  }
}
