import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

const SHIPPED = ['lambda', 'bin', 'emulators', 'lib'].flatMap(sources);

describe('One error convention', () => {
  it('every error class Lookout declares extends LookoutError (a stable code, the cause kept)', () => {
    const plain = SHIPPED.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/class (\w+) extends (Error|TypeError|RangeError)\b/g)].map(
        (m) => `${f}: ${m[1]} extends ${m[2]}`,
      ),
    );
    // The base itself is the one class allowed to extend Error.
    plain.splice(plain.indexOf('lambda/domain/errors.ts: LookoutError extends Error'), 1);
    expect(plain).toEqual([]);
  });

  it('every LookoutError spells out its name, which the minified Lambda bundles would otherwise mangle', () => {
    const unnamed = SHIPPED.flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      return [...text.matchAll(/class (\w+) extends (\w+Error)\b[^{]*\{([\s\S]*?)\n\}/g)]
        .filter(([, , base]) => base !== 'Error')
        .filter(
          ([, name, , body]) =>
            !new RegExp(`override (readonly )?name(: string)? = '${name}'`).test(body ?? ''),
        )
        .map(([, name]) => `${f}: ${name}`);
    });
    expect(unnamed).toEqual([]);
  });
});
