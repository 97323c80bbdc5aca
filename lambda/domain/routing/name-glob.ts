/**
 * DNS name globs for routing rules: `*` stands for any run of characters (dots too, so
 * `*.amazonaws.com` covers every name below it), `?` for one character; case and a trailing dot are
 * ignored, as DNS ignores them.
 * @example matchesNameGlob('*.amazonaws.com', 'dynamodb.us-east-1.amazonaws.com.') // true
 */
export function matchesNameGlob(glob: string, name: string): boolean {
  return globRegExp(glob).test(canonical(name));
}

const compiled = new Map<string, RegExp>();

function globRegExp(glob: string): RegExp {
  const known = compiled.get(glob);
  if (known) return known;
  const body = canonical(glob)
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  const pattern = new RegExp(`^${body}$`, 's');
  // Bounded: globs come from config, but a long-running `lookout start` should not grow without end.
  if (compiled.size > 500) compiled.clear();
  compiled.set(glob, pattern);
  return pattern;
}

function canonical(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}
