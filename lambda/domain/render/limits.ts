/** Slack's documented Block Kit limits; a message breaking any of them is rejected as `invalid_blocks`. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextText: 3000,
  buttonText: 75,
  /** Slack truncates `text` beyond this; we stay far below so the notification stays readable. */
  fallbackText: 3000,
} as const;

export const TRUNCATED = '… (truncated)';

/** Escapes the three characters Slack's mrkdwn treats as markup, so DNS data cannot inject mentions or links. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to `max` characters including the marker, never splitting an HTML entity or a surrogate pair. */
export function truncate(text: string, max: number, marker: string = TRUNCATED): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - marker.length));
  cut = cut.replace(/&[a-z]{0,4}$/, '').replace(/[\uD800-\uDBFF]$/, '');
  return `${cut}${marker}`.slice(0, max);
}

/** Never empty: Slack rejects a text object whose text is "". */
export function nonEmpty(text: string, fallback = '(none)'): string {
  return text.trim() ? text : fallback;
}

/**
 * Packs lines into as few chunks of at most `max` characters as possible, joined by newlines; a line
 * longer than `max` on its own is truncated.
 */
export function packLines(lines: string[], max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, max);
    if (!current) current = line;
    else if (current.length + 1 + line.length <= max) current += `\n${line}`;
    else {
      chunks.push(current);
      current = line;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}
