/**
 * The known key a misspelt one was most likely meant to be, or undefined when none is close enough to
 * be worth suggesting (a wrong guess is worse than the list of known keys).
 *
 * Distance is Damerau–Levenshtein (optimal string alignment: a swapped pair of letters counts once),
 * ignoring case; a suggestion needs at most one edit in three letters of the known key.
 *
 * @example
 * nearestKey('detecton', ['probe', 'detection', 'targets']); // 'detection'
 */
export function nearestKey(typed: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = editDistance(typed.toLowerCase(), key.toLowerCase());
    const allowed = Math.max(1, Math.floor(key.length * 0.3));
    if (distance <= allowed && (!best || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  // d[i][j]: edits turning the first i letters of a into the first j letters of b.
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}
