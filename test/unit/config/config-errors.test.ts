import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lambda/config/errors.js';
import { loadConfigFile, parseConfig } from '../../../lambda/config/load-config.js';
import { nearestKey } from '../../../lambda/config/nearest-key.js';

/** The message parseConfig throws for `text`, or a failure when it accepts it. */
function configError(text: string, source = 'lookout.config.yaml'): string {
  try {
    parseConfig(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('Config errors a person can act on', () => {
  it.each([
    ['an empty file', ''],
    ['whitespace only', '  \n\n'],
    ['comments only', '# Lookout configuration\n# targets:\n#   - name: api.example.com\n'],
    ['a document marker and nothing else', '---\n'],
  ])('%s says it is empty and what to add, in one line', (_what, text) => {
    // Act
    const message = configError(text, 'my.yaml');

    // Assess
    expect(message).toBe('my.yaml is empty: add a `targets:` list (the DNS names to watch)');
  });

  it('a file with settings but no targets names the missing list instead of "expected array, received undefined"', () => {
    const message = configError('probe:\n  timeoutMs: 500\n', 'my.yaml');

    expect(message).toContain('my.yaml: targets: missing: add a `targets:` list (the DNS names to watch)');
    expect(message).not.toMatch(/received undefined/);
  });

  it('a file that is not a mapping says what the top level must be', () => {
    const message = configError('- name: api.example.com\n', 'my.yaml');

    expect(message).toContain('my.yaml: expected settings such as `targets:` at the top level, got a list');
  });

  it('a misspelt key at the top level suggests the nearest known key', () => {
    const message = configError('detecton:\n  emptyAfterProbes: 3\ntargets:\n  - name: a.example\n');

    expect(message).toContain('lookout.config.yaml: unknown key `detecton` — did you mean `detection`?');
    expect(message).not.toContain('(root)');
  });

  it('a misspelt key deeper down suggests the nearest key of that section, with its path', () => {
    const message = configError(
      'detection:\n  emptyAfterProbe: 3\ntargets:\n  - name: a.example\n    resolver: ["127.0.0.1:53"]\n',
    );

    expect(message).toContain(
      'lookout.config.yaml: detection: unknown key `emptyAfterProbe` — did you mean `emptyAfterProbes`?',
    );
    expect(message).toContain(
      'lookout.config.yaml: targets.0: unknown key `resolver` — did you mean `resolvers`?',
    );
  });

  it('a key too far from every known one lists the known keys instead of guessing', () => {
    const message = configError('targets:\n  - name: a.example\n    colour: red\n');

    expect(message).toContain(
      'lookout.config.yaml: targets.0: unknown key `colour`: expected one of name, type, mode, resolvers, baselineCount, channel',
    );
  });

  it('pollIntervalMinutes says it is whole minutes, and what it got', () => {
    const base = 'targets:\n  - name: a.example\nroute53:\n  zones:\n    - id: Z0123456789ABCDEFGHIJ\n';

    for (const value of ['0.5', '0', '90']) {
      const message = configError(`${base}  pollIntervalMinutes: ${value}\n`);
      expect(message).toContain(
        `lookout.config.yaml: route53.pollIntervalMinutes: expected whole minutes from 1 to 60, got ${value}`,
      );
    }
    expect(parseConfig(`${base}  pollIntervalMinutes: 2\n`, 'x').route53?.pollIntervalMinutes).toBe(2);
  });

  it('a missing file is one line naming it; an unreadable one says why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lookout-config-'));

    expect(() => loadConfigFile(join(dir, 'nope.yaml'))).toThrow(
      new ConfigError(`cannot read config file ${join(dir, 'nope.yaml')}: it does not exist`),
    );
    expect(() => loadConfigFile(dir)).toThrow(
      new ConfigError(`cannot read config file ${dir}: it is a directory`),
    );
    writeFileSync(join(dir, 'ok.yaml'), 'targets:\n  - name: a.example\n');
    expect(loadConfigFile(join(dir, 'ok.yaml')).targets).toHaveLength(1);
  });
});

describe('Function: nearestKey', () => {
  it.each([
    ['detecton', 'detection'],
    ['Detection', 'detection'],
    ['pollIntervalMinute', 'pollIntervalMinutes'],
    ['polIntervalMinutes', 'pollIntervalMinutes'],
    ['tagrets', 'targets'],
    ['slak', 'slack'],
  ])('%s → %s', (typed, expected) => {
    expect(
      nearestKey(typed, ['probe', 'detection', 'slack', 'targets', 'route53', 'pollIntervalMinutes']),
    ).toBe(expected);
  });

  it('guesses nothing when no key is close', () => {
    expect(
      nearestKey('colour', ['name', 'type', 'mode', 'resolvers', 'baselineCount', 'channel']),
    ).toBeUndefined();
    expect(nearestKey('x', ['probe', 'slack'])).toBeUndefined();
  });

  it('a device, a pipe or a file over 1 MiB is refused in one line instead of read (or waited for) for ever', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lookout-config-'));
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `targets:\n  - name: a.example\n${'#'.repeat(1024 * 1024)}\n`);
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);

    for (const path of ['/dev/zero', fifo]) {
      expect(() => loadConfigFile(path)).toThrow(
        new ConfigError(`cannot read config file ${path}: it is not a regular file`),
      );
    }
    expect(() => loadConfigFile(big)).toThrow(
      new ConfigError(`cannot read config file ${big}: it is larger than 1 MiB (a config file is a few KiB)`),
    );
  });
});
