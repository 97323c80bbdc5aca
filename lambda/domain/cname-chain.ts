import * as z from '../shared/zod.js';
import type { ResolverOutcome } from './observation.js';

/** Aliases followed before a chain counts as broken; resolvers give up after 8–16 too. */
export const MAX_CNAME_HOPS = 16;

/**
 * A name as evidence holds it: lower-case, no trailing dot, and every character a host name cannot
 * hold written as `\DDD` per UTF-8 byte (RFC 1035 §5.1), so DNS data never reaches a terminal or Slack raw.
 * 254 wire bytes at most, so 4 × 254 characters at most.
 */
export const chainNameSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(4 * 254),
    z.regex(/^(?:[a-z0-9_.-]|\\\d{3})+$/, 'expected a lower-case DNS name with \\DDD escapes'),
  );

/** The asked name, then each alias target in order: at least one hop, at most MAX_CNAME_HOPS. */
export const cnameChainSchema = z
  .array(chainNameSchema)
  .check(z.minLength(2), z.maxLength(MAX_CNAME_HOPS + 1));

export type CnameChain = z.infer<typeof cnameChainSchema>;

const UTF8 = new TextEncoder();

/**
 * @example
 * presentationName('Evil\n.Example.TEST.'); // 'evil\\010.example.test'
 */
export function presentationName(name: string): string {
  let out = '';
  for (const char of name.toLowerCase().replace(/\.$/, '')) {
    out += /[a-z0-9_.-]/.test(char)
      ? char
      : [...UTF8.encode(char)].map((byte) => `\\${String(byte).padStart(3, '0')}`).join('');
  }
  return out;
}

/** `www.example.test → api.example.test` */
export function chainText(chain: readonly string[]): string {
  return chain.join(' → ');
}

/**
 * Where a chain broke, in words: `www.example.test → api.example.test: api.example.test does not exist`.
 * `type` narrows "no records" to "no A records" where the caller knows the asked type.
 */
export function brokenChainText(
  chain: readonly string[],
  kind: 'NODATA' | 'NXDOMAIN',
  type?: string,
): string {
  const last = chain[chain.length - 1] ?? '';
  const problem =
    kind === 'NXDOMAIN' ? 'does not exist' : `exists but has no ${type ? `${type} ` : ''}records`;
  return `${chainText(chain)}: ${last} ${problem}`;
}

/**
 * The chain most of the given outcomes followed, or undefined when most reached their answer without
 * one. Ties go to the outcome listed first, so the choice is stable across renderings.
 */
export function commonChain(outcomes: readonly ResolverOutcome[]): CnameChain | undefined {
  const counts = new Map<string, { chain: CnameChain | undefined; count: number }>();
  for (const outcome of outcomes) {
    const chain = outcome.cnameChain && outcome.cnameChain.length > 1 ? outcome.cnameChain : undefined;
    const key = chain ? chain.join('\n') : '';
    const seen = counts.get(key);
    counts.set(key, { chain, count: (seen?.count ?? 0) + 1 });
  }
  let best: { chain: CnameChain | undefined; count: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best?.chain;
}
