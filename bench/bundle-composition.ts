import { readFile } from 'node:fs/promises';

export interface BundlePart {
  /** An npm package, `Lookout (lambda/)`, or `(unmapped)` for code no source claims (banner, glue). */
  part: string;
  bytes: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * What a bundle is made of, from its own source map: each generated span is charged to the source it
 * maps to, sources grouped by npm package. Approximate at span edges; exact enough to rank packages.
 */
export async function bundleComposition(entryFile: string): Promise<BundlePart[]> {
  const code = await readFile(entryFile, 'utf8');
  const map = JSON.parse(await readFile(`${entryFile}.map`, 'utf8')) as {
    sources: string[];
    mappings: string;
  };
  const lines = code.split('\n');
  const totals = new Map<string, number>();
  const charge = (source: number | undefined, bytes: number) => {
    const part = source === undefined ? '(unmapped)' : partOf(map.sources[source] ?? '');
    totals.set(part, (totals.get(part) ?? 0) + bytes);
  };
  let source = 0;
  for (const [lineIndex, segments] of map.mappings.split(';').entries()) {
    const line = Buffer.from(lines[lineIndex] ?? '');
    let column = 0;
    let spanStart = 0;
    let spanSource: number | undefined;
    for (const segment of segments ? segments.split(',') : []) {
      const fields = decodeVlq(segment);
      column += fields[0] ?? 0;
      charge(spanSource, column - spanStart);
      if (fields.length > 1) source += fields[1] ?? 0;
      spanStart = column;
      spanSource = fields.length > 1 ? source : undefined;
    }
    // Columns count UTF-16 units; close enough to bytes for minified ASCII-heavy code. +1 for the newline.
    charge(spanSource, Math.max(0, line.length - spanStart) + 1);
  }
  return [...totals.entries()].map(([part, bytes]) => ({ part, bytes })).sort((a, b) => b.bytes - a.bytes);
}

function partOf(source: string): string {
  const pkg = source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
  if (pkg) return pkg;
  if (/(^|\/)lambda\//.test(source)) return 'Lookout (lambda/)';
  return source.replace(/^(\.\.\/)+/, '');
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}
