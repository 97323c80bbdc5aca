import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lambda/config/errors.js';
import { parseConfig } from '../../../lambda/config/load-config.js';

const targets = 'targets:\n  - name: dynamodb.us-east-1.amazonaws.com\n';

describe('Config: health', () => {
  it('is on by default, with no extra regions and no poller (the Health API needs a support plan)', () => {
    const { health } = parseConfig(targets, 'c.yaml');
    expect(health.enabled).toBe(true);
    expect(health.closedResolves).toBe(true);
    expect(health.regions).toBeUndefined();
    expect(health.poller).toBeUndefined();
  });

  it('turns the poller on by its section, filling the interval and the account view', () => {
    const { health } = parseConfig(`${targets}health:\n  regions: [eu-west-1]\n  poller: {}\n`, 'c.yaml');
    expect(health.regions).toEqual(['eu-west-1']);
    expect(health.poller).toEqual({ intervalMinutes: 5, organizationView: false });
    const org = parseConfig(
      `${targets}health:\n  poller: { intervalMinutes: 2, organizationView: true }\n`,
      'c.yaml',
    ).health;
    expect(org.poller).toEqual({ intervalMinutes: 2, organizationView: true });
  });

  it('names a bad region, a bad interval and an unknown poller key', () => {
    const text = `${targets}health:\n  regions: [useast1]\n  poller: { intervalMinutes: 0, orgView: true }\n`;
    const message = (() => {
      try {
        parseConfig(text, 'c.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
    })();
    expect(message).toContain('c.yaml: health.regions.0:');
    expect(message).toContain('region code');
    expect(message).toContain('c.yaml: health.poller.intervalMinutes:');
    expect(message).toMatch(/c\.yaml: health\.poller: .*orgView/);
  });
});
