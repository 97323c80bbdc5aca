import type * as z from '../../shared/zod.js';

/** More problems than this are counted, not listed: the reason stays one short line. */
const LISTED = 3;

/**
 * zod's issues as one line, each naming its field under `root` (`event.data.id: expected string…`),
 * for the sender's 4xx reason and the log line.
 */
export function issuesLine(root: string, error: z.core.$ZodError): string {
  const lines = error.issues.slice(0, LISTED).map((issue) => {
    const path = [root, ...issue.path.map(String)].filter(Boolean).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > LISTED ? `; and ${error.issues.length - LISTED} more` : '';
  return `${lines.join('; ')}${more}`;
}

/** A value as a reason quotes it: short, and never the whole of a large input. */
export function quoted(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
