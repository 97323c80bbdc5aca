import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

describe('Architecture: the layers stay visible', () => {
  it('keeps the domain pure: no AWS, Slack, network, file system or adapter imports', () => {
    const forbidden =
      /^(@aws-sdk|@aws-lambda-powertools|@slack|aws-cdk-lib|dynalite|dns-packet|node:(dgram|net|fs|http|https|child_process))|\/(sources|store|slack|handlers|service)\//;
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
});
