import { describe, expect, it } from 'vitest';
import { whatHappened } from '../../../lambda/domain/render/what-happened.js';
import { incidentFixture } from '../../support/incidents.js';

const misconfigured = (targetId: string, problem: string) =>
  incidentFixture({
    targetId,
    kind: 'MISCONFIGURED',
    headlineKind: 'MISCONFIGURED',
    headline: {
      kind: 'MISCONFIGURED',
      family: 'aws-health',
      source: 'aws-health',
      since: '2026-12-02T10:00:00.000Z',
      facts: { problem },
    },
  });

describe('Render: MISCONFIGURED sentence', () => {
  it("tells the Health API poller's support-plan refusal as the poller's, not as a hosted zone's", () => {
    const text = whatHappened(
      misconfigured('aws-health-api/POLLER', 'SubscriptionRequiredException: no plan'),
    );
    expect(text).toContain('AWS Health API poller cannot read the Health API: SubscriptionRequiredException');
    expect(text).toContain('still arrive through EventBridge');
    expect(text).not.toContain('hosted zone');
  });

  it('still names the hosted zone Lookout cannot read', () => {
    const text = whatHappened(misconfigured('Z0123456789/ZONE', 'AccessDenied'));
    expect(text).toMatch(/^Lookout cannot read hosted zone Z0123456789: AccessDenied/);
  });
});
