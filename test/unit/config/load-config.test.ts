import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lambda/config/errors.js';
import { loadConfigFile, parseConfig, resolveTargets } from '../../../lambda/config/load-config.js';

describe('Function: loadConfigFile / parseConfig', () => {
  it('accepts the shipped lookout.config.yaml and fills every default', () => {
    const config = loadConfigFile('lookout.config.yaml');
    expect(config.probe.intervalSeconds).toBe(5);
    expect(config.detection).toMatchObject({
      emptyAfterProbes: 2,
      degradedFraction: 0.5,
      flapTransitions: 3,
      flapWindowSeconds: 600,
      recoverAfterProbes: 3,
    });
    expect(config.targets.map((t) => t.name)).toContain('dynamodb.us-east-1.amazonaws.com');
    expect(config.targets.every((t) => t.mode === 'pool' && t.type === 'A')).toBe(true);
  });

  it('names the file, each bad field and what it expects', () => {
    const text =
      'probe:\n  resolvers: ["300.1.1.1:53", "ns1:99999"]\ndetection:\n  degradedFraction: 2\ntargets:\n  - name: a.example\n    type: MX\n    colour: red\n';
    const error = (() => {
      try {
        parseConfig(text, 'my.yaml');
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain(
      'my.yaml: probe.resolvers.0: "300.1.1.1:53" is not a DNS server address',
    );
    expect(error?.message).toContain('my.yaml: probe.resolvers.1:');
    expect(error?.message).toContain('my.yaml: detection.degradedFraction:');
    expect(error?.message).toContain('my.yaml: targets.0.type:');
    expect(error?.message).toMatch(/my\.yaml: targets\.0: .*colour/);
  });

  it('rejects YAML that does not parse, a missing target list, and a file that is not there', () => {
    expect(() => parseConfig('targets: [', 'x.yaml')).toThrow(/x\.yaml is not valid YAML/);
    expect(() => parseConfig('probe: {}\n', 'x.yaml')).toThrow(/x\.yaml: targets:/);
    expect(() => loadConfigFile('/nope/lookout.yaml')).toThrow(
      /cannot read config file \/nope\/lookout\.yaml/,
    );
  });

  it('fills resolvers from probe defaults, else the system, and refuses duplicate targets', () => {
    const config = parseConfig(
      'targets:\n  - name: A.Example.\n  - name: b.example\n    resolvers: ["10.0.0.1:53"]\n',
      't.yaml',
    );
    const targets = resolveTargets(config, ['192.0.2.53:53']);
    expect(targets.map((t) => [t.id, t.resolvers])).toEqual([
      ['a.example/A', ['192.0.2.53:53']],
      ['b.example/A', ['10.0.0.1:53']],
    ]);
    const dup = parseConfig('targets:\n  - name: a.example\n  - name: A.EXAMPLE.\n', 't.yaml');
    expect(() => resolveTargets(dup, ['192.0.2.53:53'])).toThrow(/targets\.1: a\.example\/A is listed twice/);
    expect(() => resolveTargets(parseConfig('targets:\n  - name: a.example\n', 't.yaml'), [])).toThrow(
      /no resolver configured/,
    );
  });
});
