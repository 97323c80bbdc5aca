import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lambda/config/errors.js';
import { parseConfig } from '../../../lambda/config/load-config.js';

const base = 'targets:\n  - name: dynamodb.us-east-1.amazonaws.com\nslack:\n  channel: "#alerts"\n';

describe('Config: slack.routes, slack.severity and slack.incidentChannels', () => {
  it('leaves a config without them as it was: no rules, no overrides, no incident channels', () => {
    const { slack } = parseConfig(base, 'lookout.yaml');

    expect(slack.channel).toBe('#alerts');
    expect(slack.routes).toEqual([]);
    expect(slack.severity).toBeUndefined();
    expect(slack.incidentChannels).toBeUndefined();
  });

  it('reads rules, overrides and incident channels with their defaults', () => {
    // Prepare
    const text = `${base}  routes:
    - match: { names: ["*.amazonaws.com"], kinds: [EMPTY], sources: [dns] }
      channels: ["#dns-team"]
    - channels: ["#everything"]
  severity:
    kinds: { FLAPPING: low }
    healthCategories: { issue: critical }
  incidentChannels:
    severities: [critical]
    invite: { users: [U024BE7LH] }
`;

    // Act
    const { slack } = parseConfig(text, 'lookout.yaml');

    // Assess
    expect(slack.routes).toEqual([
      { match: { names: ['*.amazonaws.com'], kinds: ['EMPTY'], sources: ['dns'] }, channels: ['#dns-team'] },
      { match: {}, channels: ['#everything'] },
    ]);
    expect(slack.severity).toEqual({ kinds: { FLAPPING: 'low' }, healthCategories: { issue: 'critical' } });
    expect(slack.incidentChannels).toEqual({
      severities: ['critical'],
      invite: { users: ['U024BE7LH'], usergroups: [] },
      archiveOnResolve: false,
      prefix: 'inc',
    });
  });

  it.each([
    ['an unknown severity', '  incidentChannels:\n    severities: [urgent]\n', 'severities'],
    ['a rule without channels', '  routes:\n    - match: { kinds: [EMPTY] }\n', 'channels'],
    ['an empty match list', '  routes:\n    - match: { names: [] }\n      channels: [x]\n', 'names'],
    [
      'an unknown source',
      '  routes:\n    - match: { sources: [pagerduty] }\n      channels: [x]\n',
      'sources',
    ],
    [
      'a prefix Slack would refuse',
      '  incidentChannels:\n    severities: [high]\n    prefix: INC\n',
      'prefix',
    ],
  ])('refuses %s, naming the key', (_what, extra, key) => {
    let message = '';
    try {
      parseConfig(`${base}${extra}`, 'lookout.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain(key);
  });
});
