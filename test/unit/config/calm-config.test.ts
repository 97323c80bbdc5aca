import { describe, expect, it } from 'vitest';
import { calmSettingsOf } from '../../../lambda/config/calm-schema.js';
import { ConfigError } from '../../../lambda/config/errors.js';
import { parseConfig } from '../../../lambda/config/load-config.js';
import { CALM_DEFAULTS } from '../../../lambda/domain/calm/settings.js';

const base = 'targets:\n  - name: dynamodb.us-east-1.amazonaws.com\nslack:\n  channel: "#alerts"\n';

/** The message parseConfig throws for `text`, or a failure when it accepts it. */
function refusal(text: string): string {
  try {
    parseConfig(text, 'lookout.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('Config: slack.calm', () => {
  it('is on with the documented defaults when absent', () => {
    // Act
    const { slack } = parseConfig(base, 'lookout.yaml');

    // Assess
    expect(calmSettingsOf(slack.calm)).toEqual(CALM_DEFAULTS);
  });

  it('takes seconds and turns grouping and root pacing off with 0', () => {
    // Act
    const { slack } = parseConfig(
      `${base}  calm:\n    groupWindowSeconds: 0\n    rootEditSeconds: 2.5\n    storm:\n      threshold: 20\n      windowSeconds: 120\n      quietSeconds: 300\n`,
      'lookout.yaml',
    );

    // Assess
    expect(calmSettingsOf(slack.calm)).toEqual({
      groupWindowMs: 0,
      rootEditMs: 2_500,
      storm: { threshold: 20, windowMs: 120_000, quietMs: 300_000 },
    });
  });

  it.each([
    ['a fraction of a second (milliseconds meant?)', '    rootEditSeconds: 0.005\n', 'rootEditSeconds'],
    ['a negative window', '    groupWindowSeconds: -1\n', 'groupWindowSeconds'],
    ['more than ten minutes', '    groupWindowSeconds: 601\n', 'groupWindowSeconds'],
    ['milliseconds written as seconds', '    rootEditSeconds: 5000\n', 'rootEditSeconds'],
    ['a storm of 0 incidents', '    storm:\n      threshold: 0\n', 'threshold'],
    ['a fractional threshold', '    storm:\n      threshold: 2.5\n', 'threshold'],
    ['a key that does not exist', '    rootEditSecs: 5\n', 'rootEditSecs'],
  ])('refuses %s on one line naming the key', (_what, extra, key) => {
    // Act
    const message = refusal(`${base}  calm:\n${extra}`);

    // Assess: one problem, on a line of its own naming where it is
    const [, ...problems] = message.split('\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('slack.calm');
    expect(problems[0]).toContain(key);
  });
});
