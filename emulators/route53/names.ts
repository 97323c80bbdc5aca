/**
 * Record names the way Route 53 handles them.
 *
 * - Responses carry names in lower case with a trailing dot, and every character other than
 *   a–z, 0–9, `-` and `_` as a three-digit octal escape (`*` → `\052`), per the Route 53 Developer
 *   Guide, "DNS domain name format".
 * - ListResourceRecordSets sorts "by DNS name with the labels reversed, for example
 *   `com.example.www.`", trailing dot included, in ASCII order; then by type (API reference,
 *   ListResourceRecordSets, "Sort order"). The documented note that the trailing dot matters for
 *   `! " # $ % & ' ( ) * + , -` only makes sense on unescaped characters, so the key uses them.
 *   Ties between members of one routing policy are broken by set identifier (ASCII) — a guess.
 */

/** Lower case, no trailing dot, escapes decoded: `\052.example.com.` → `*.example.com`. */
export function rawName(name: string): string {
  if (/^[a-z0-9\-_.]*$/.test(name)) return name.endsWith('.') ? name.slice(0, -1) : name;
  return name
    .replace(/\\(\d{3})/g, (_, code: string) => String.fromCharCode(Number.parseInt(code, 8)))
    .toLowerCase()
    .replace(/\.$/, '');
}

/** The form Route 53 returns: `*.Example.COM` → `\052.example.com.` */
export function presentationName(name: string): string {
  const raw = rawName(name);
  if (/^[a-z0-9\-_.]*$/.test(raw)) return `${raw}.`;
  const escaped = Array.from(raw, (char) =>
    /[a-z0-9\-_.]/.test(char) ? char : `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`,
  ).join('');
  return `${escaped}.`;
}

/** `www.example.com` → `com.example.www.` (labels reversed, trailing dot kept). */
export function reversedName(name: string): string {
  const raw = rawName(name);
  return raw === '' ? '.' : `${raw.split('.').reverse().join('.')}.`;
}

/**
 * One string whose ASCII order is Route 53's listing order: (reversed name, type, set identifier).
 * NUL separators keep a shorter component sorting first, as tuple comparison would.
 */
export function sortKey(name: string, type: string, setIdentifier?: string): string {
  return `${reversedName(name)}\u0000${type}\u0000${setIdentifier ?? ''}`;
}

/** Whether `name` is the apex of, or inside, `origin` (both in any accepted form). */
export function isInZone(name: string, origin: string): boolean {
  const raw = rawName(name);
  const zone = rawName(origin);
  return raw === zone || raw.endsWith(`.${zone}`);
}

/** Identity of a record set inside one zone. */
export function recordKey(name: string, type: string, setIdentifier?: string): string {
  return `${rawName(name)}|${type}|${setIdentifier ?? ''}`;
}
