/**
 * Outside text (DNS answers, AWS's words, people's notes and handles) made inert for Markdown: it reads
 * the same rendered or raw, and can never start a heading, a list, a quote, a table row, a link, an
 * image, HTML or emphasis.
 *
 * - Line breaks and other control characters become one space: every block construct (`#`, `>`, `-`,
 *   `1.`, `|` rows, fences, setext underlines) needs the start of a line, and outside text never gets
 *   one — it always follows Lookout's own words on the line.
 * - CommonMark's inline punctuation is backslash-escaped (`\` `` ` `` `*` `_` `[` `]` `<` `>` `!` `|`
 *   `~` `&` `#`): no emphasis, code, link, image, raw HTML, entity, strikethrough or table cell. An
 *   `_` inside a word is left alone: it cannot make emphasis there.
 * - Anything an autolinker would turn into a link (`https://…`, `www.…`) goes in a code span, where
 *   GitHub and other GFM renderers link nothing: the address stays visible, never clickable.
 *
 * @example escapeMarkdown('## [click](https://evil.example)') // '\\#\\# \\[click\\](`https://evil.example`)'
 */
export function escapeMarkdown(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: line breaks and control characters are the point
  const oneLine = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  const parts = oneLine.split(LINKISH);
  return parts.map((part, i) => (i % 2 === 1 ? codeSpan(part) : escapeInline(part))).join('');
}

/**
 * Schemes and `www.` that GFM's autolink extension (and linkify) would link; a capture, for split().
 * Trailing punctuation stays outside, as those autolinkers leave it (`(see https://x.example).`).
 */
const LINKISH = /((?:[a-z][a-z0-9+.-]{1,31}:\/\/|www\.)(?:[^\s`]*[^\s`).,;:!?'"])?)/gi;

/** `_` between letters or digits (`CONCURRENT_WRITERS`) cannot open or close emphasis: left as it is. */
function escapeInline(text: string): string {
  const word = /[\p{L}\p{N}]/u;
  return text.replace(/[\\`*_[\]<>!|~&#]/g, (c, at: number) =>
    c === '_' && word.test(text[at - 1] ?? '') && word.test(text[at + 1] ?? '') ? c : `\\${c}`,
  );
}

/** A code span for `text` (which holds no backtick, see LINKISH). */
function codeSpan(text: string): string {
  return `\`${text}\``;
}

/**
 * A link Lookout builds itself (its destination from facts: an ARN, a channel id), with outside text
 * as its label. The destination goes in `<…>`, where only `<`, `>` and line breaks could end it, and
 * those are percent-encoded.
 */
export function markdownLink(label: string, url: string): string {
  const destination = url.replace(/[<>\s]/g, (c) => encodeURIComponent(c));
  return `[${escapeMarkdown(label)}](<${destination}>)`;
}
