/**
 * Slack's mrkdwn treats `&`, `<` and `>` as control characters (links, mentions); text that came from
 * a person or from DNS must be escaped, or `<!channel>` in a TXT record would ping a whole channel.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline code, for names and ids a person may copy; backticks inside cannot end it early. */
export function code(text: string): string {
  return `\`${escapeMrkdwn(text).replace(/`/g, "'")}\``;
}

/** A preformatted block, for the CLI's own text renderings. */
export function codeBlock(lines: readonly string[]): string {
  return `\`\`\`\n${escapeMrkdwn(lines.join('\n')).replace(/```/g, "'''")}\n\`\`\``;
}

/** At most `max` lines, then one saying how many were left out (a Slack message has limits). */
export function capLines(lines: readonly string[], max: number, rest: (left: number) => string): string[] {
  if (lines.length <= max) return [...lines];
  return [...lines.slice(0, max), rest(lines.length - max)];
}
