import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeRoute53 } from '../../emulators/route53/index.js';

describe('Class: FakeRoute53 › request bodies that are not XML', () => {
  let route53: FakeRoute53;
  let zoneId: string;

  beforeEach(async () => {
    route53 = new FakeRoute53({ throttling: false, dns: false });
    await route53.start();
    zoneId = await route53.createZone({ name: 'example.test' });
  });
  afterEach(() => route53.stop());

  it('answers a malformed UpdateHostedZoneFeatures body with 400 MalformedInput, not InternalFailure', async () => {
    // Act
    const raw = await fetch(`${route53.endpoint}/2013-04-01/hostedzone/${zoneId}/features`, {
      method: 'POST',
      body: '<UpdateHostedZoneFeaturesRequest><!DOCTYPE x>',
    });

    // Assess
    expect(raw.status).toBe(400);
    const body = await raw.text();
    expect(body).toContain('<Code>MalformedInput</Code>');
    expect(body).toContain('DTDs are not accepted');
    expect(route53.zoneInfo(zoneId).acceleratedRecovery).not.toBe('ENABLED');
  });
});
