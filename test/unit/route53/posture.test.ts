import { describe, expect, it } from 'vitest';
import {
  assessZonePosture,
  type PostureFinding,
  worstLevel,
  type ZonePostureInput,
} from '../../../lambda/domain/route53/posture.js';

const base: ZonePostureInput = {
  zoneId: 'Z0123456789ABCDEFGHIJ',
  name: 'example.com',
  privateZone: false,
  acceleratedRecoveryStatus: 'ENABLED',
  changeHistory: 'available',
};

function finding(input: Partial<ZonePostureInput>, feature: PostureFinding['feature']): PostureFinding {
  const found = assessZonePosture({ ...base, ...input }).find((f) => f.feature === feature);
  if (!found) throw new Error(`no ${feature} finding`);
  return found;
}

describe('Function: assessZonePosture', () => {
  it('returns exactly one finding per feature', () => {
    // Act
    const findings = assessZonePosture(base);

    // Assess
    expect(findings.map((f) => f.feature)).toEqual(['accelerated-recovery', 'change-history']);
  });

  describe('Accelerated Recovery', () => {
    it('is ok when ENABLED and says what it buys during a us-east-1 impairment', () => {
      const f = finding({ acceleratedRecoveryStatus: 'ENABLED' }, 'accelerated-recovery');

      expect(f.level).toBe('ok');
      expect(f.message).toMatch(/us-west-2 within about 60 minutes/);
    });

    it('warns when DISABLED that restore is impossible while us-east-1 is impaired, and that it must be on before', () => {
      const f = finding({ acceleratedRecoveryStatus: 'DISABLED' }, 'accelerated-recovery');

      expect(f.level).toBe('warn');
      expect(f.message).toContain(
        'restore will be impossible while us-east-1 is impaired: enable Accelerated Recovery (it must be on before an outage)',
      );
    });

    it('warns and treats a missing status as off', () => {
      const { acceleratedRecoveryStatus: _, ...withoutStatus } = base;

      const f = assessZonePosture(withoutStatus)[0] as PostureFinding;

      expect(f.level).toBe('warn');
      expect(f.message).toMatch(/reported no Accelerated Recovery status, so treat it as off/);
    });

    it('is info while ENABLING: not protected yet, nothing to do but wait', () => {
      const f = finding({ acceleratedRecoveryStatus: 'ENABLING' }, 'accelerated-recovery');

      expect(f.level).toBe('info');
      expect(f.message).toMatch(/not protected until it reads ENABLED/);
    });

    it('warns on ENABLING_HOSTED_ZONE_LOCKED that the zone is locked and not protected yet', () => {
      const f = finding({ acceleratedRecoveryStatus: 'ENABLING_HOSTED_ZONE_LOCKED' }, 'accelerated-recovery');

      expect(f.level).toBe('warn');
      expect(f.message).toMatch(/locked by another operation.*not protected yet/);
    });

    it('warns on ENABLE_FAILED and points at FailureReasons', () => {
      const f = finding({ acceleratedRecoveryStatus: 'ENABLE_FAILED' }, 'accelerated-recovery');

      expect(f.level).toBe('warn');
      expect(f.message).toMatch(/failed \(ENABLE_FAILED\): see Features\.FailureReasons/);
      expect(f.message).toContain('restore will be impossible while us-east-1 is impaired');
    });

    it.each(['DISABLING', 'DISABLING_HOSTED_ZONE_LOCKED'])(
      'warns while %s that protection is going away',
      (status) => {
        const f = finding({ acceleratedRecoveryStatus: status }, 'accelerated-recovery');

        expect(f.level).toBe('warn');
        expect(f.message).toContain(`being turned off (${status})`);
      },
    );

    it('warns on DISABLE_FAILED that the protection is uncertain', () => {
      const f = finding({ acceleratedRecoveryStatus: 'DISABLE_FAILED' }, 'accelerated-recovery');

      expect(f.level).toBe('warn');
      expect(f.message).toMatch(/uncertain/);
    });

    it('warns on a status it does not know and names it', () => {
      const f = finding({ acceleratedRecoveryStatus: 'SOMETHING_NEW' }, 'accelerated-recovery');

      expect(f.level).toBe('warn');
      expect(f.message).toContain('unrecognised Accelerated Recovery status SOMETHING_NEW');
    });

    it('is info for a private zone whatever the status, because it applies to public zones only', () => {
      const f = finding({ privateZone: true, acceleratedRecoveryStatus: 'DISABLED' }, 'accelerated-recovery');

      expect(f.level).toBe('info');
      expect(f.message).toMatch(/^private zone: Accelerated Recovery applies to public zones only/);
    });
  });

  describe('Change History', () => {
    it('is ok when available', () => {
      const f = finding({ changeHistory: 'available' }, 'change-history');

      expect(f.level).toBe('ok');
      expect(f.message).toMatch(/365 days of who changed what/);
    });

    it('warns when unavailable (STANDARD) that attribution hangs on CloudTrail reaching EventBridge', () => {
      const f = finding({ changeHistory: 'unavailable' }, 'change-history');

      expect(f.level).toBe('warn');
      expect(f.message).toMatch(/^Change History is off \(STANDARD tier/);
      expect(f.message).toContain('writer attribution depends on CloudTrail events reaching EventBridge');
      expect(f.message).toContain(
        'move the zone to ADVANCED for 365 days of who-changed-what, and Change Guardrails',
      );
    });

    it('is info when unknown and carries the reason', () => {
      const f = finding(
        { changeHistory: 'unknown', changeHistoryNote: 'AccessDenied: nope' },
        'change-history',
      );

      expect(f.level).toBe('info');
      expect(f.message).toContain('could not be checked (AccessDenied: nope)');
    });

    it('is info when unknown without a reason', () => {
      const f = finding({ changeHistory: 'unknown' }, 'change-history');

      expect(f.message).toMatch(/^Change History could not be checked: /);
    });
  });
});

describe('Function: worstLevel', () => {
  it.each([
    [['ok', 'ok'], 'ok'],
    [['ok', 'info'], 'info'],
    [['info', 'warn', 'ok'], 'warn'],
    [[], 'ok'],
  ] as const)('%j → %s', (levels, expected) => {
    expect(worstLevel(levels)).toBe(expected);
  });
});
