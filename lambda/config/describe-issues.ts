import type * as z from '../shared/zod.js';

/** Formats zod issues as `file: field.path: message` lines (`file: message` for the top level). */
export function describeIssues(source: string, error: z.core.$ZodError): string {
  const lines = error.issues.map((issue) =>
    issue.path.length
      ? `  ${source}: ${issue.path.map(String).join('.')}: ${issue.message}`
      : `  ${source}: ${issue.message}`,
  );
  return `invalid configuration in ${source}:\n${lines.join('\n')}`;
}
