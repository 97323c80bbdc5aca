import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] as string,
  );
}

/** Static and dynamic imports (`await import('…')`), resolved to repository paths. */
function resolvedImports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const specs = [
    ...text.matchAll(/(?:^\s*(?:import|export)[^'"]*?from\s+|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/gm),
  ].map((m) => m[1] as string);
  return specs.map((spec) =>
    relative('.', resolve(dirname(path), spec))
      .split(sep)
      .join('/'),
  );
}

/** Every TypeScript and JavaScript source outside test/ that ships or runs: the product, demo, bench. */
const OUTSIDE_TEST = ['bin', 'lib', 'lambda', 'emulators', 'demo', 'bench'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

describe('Architecture: the layers stay visible', () => {
  it('keeps the domain pure: no AWS, Slack, network, file system or adapter imports', () => {
    const forbidden =
      /^(@aws-sdk|@aws-lambda-powertools|@slack|aws-cdk-lib|dynalite|dns-packet|node:(dgram|net|fs|http|https|child_process))|\/(sources|store|slack|handlers|service|engine|app)\//;
    const offenders = files('lambda/domain').flatMap((f) =>
      imports(f)
        .filter((i) => forbidden.test(i))
        .map((i) => `${f} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps Lambda handlers thin (≤ 40 lines of entry point)', () => {
    const long = files('lambda/handlers')
      .filter((f) => !f.endsWith('-runtime.ts'))
      .filter((f) => readFileSync(f, 'utf8').split('\n').length > 40);
    expect(long).toEqual([]);
  });

  it('keeps Slack out of the probe path except through lambda/slack', () => {
    const offenders = ['lambda/service', 'lambda/store', 'lambda/sources']
      .flatMap((d) => files(d))
      .flatMap((f) =>
        imports(f)
          .filter((i) => i.startsWith('@slack'))
          .map((i) => `${f} → ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('keeps test/ for tests: nothing outside it imports from it (emulators live in emulators/)', () => {
    const offenders = OUTSIDE_TEST.flatMap((d) => sources(d)).flatMap((f) =>
      resolvedImports(f)
        .filter((i) => i.startsWith('test/'))
        .map((i) => `${f} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps the domain free of the config schema: it declares the settings it needs', () => {
    const offenders = files('lambda/domain').flatMap((f) =>
      resolvedImports(f)
        .filter((i) => i.startsWith('lambda/config/'))
        .map((i) => `${f} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('builds services only in the composition roots (lambda/app): no other shipped file wires them', () => {
    const built =
      /\bnew (ObservationProcessor|IncidentWriter|ControlPlaneIngest|ZoneView|ZonePoller|IncidentCommands|RestoreService|Route53Client|HealthClient)\(/;
    const offenders = OUTSIDE_TEST.flatMap((d) => sources(d))
      .filter((f) => !f.startsWith(join('lambda', 'app')) && !f.startsWith('emulators'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .filter((line) => built.test(line) && !line.trim().startsWith('*'))
          .map((line) => `${f}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it('keeps use cases and the engine below the roots: lambda/service and lambda/engine never import lambda/app', () => {
    const offenders = ['lambda/service', 'lambda/engine', 'lambda/ports']
      .flatMap((d) => files(d))
      .flatMap((f) =>
        resolvedImports(f)
          .filter((i) => i.startsWith('lambda/app/') || i.startsWith('lambda/handlers/'))
          .map((i) => `${f} → ${i}`),
      );
    expect(offenders).toEqual([]);
  });
});
