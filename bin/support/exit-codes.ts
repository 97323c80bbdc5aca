/**
 * Exit codes shared by several commands (README, "Exit codes"). Beyond 0/1 they are the `sysexits.h`
 * values, so a script can tell "try again" (69, 75) from "look at the disk" (74) or "not yours" (77).
 * 70 (EX_SOFTWARE) is for bugs only: every failure a person can act on has its own code.
 */
export const EXIT = {
  ok: 0,
  usage: 1,
  unavailable: 69, // EX_UNAVAILABLE: a service Lookout needs could not be reached
  bug: 70, // EX_SOFTWARE
  storeDamaged: 74, // EX_IOERR
  storeBusy: 75, // EX_TEMPFAIL: try again
  notPermitted: 77, // EX_NOPERM
  interrupted: 130, // 128 + SIGINT
} as const;

/** One exit code and what it means for the command whose help lists it. */
export type ExitCodeLine = readonly [code: number, meaning: string];

export const USAGE_EXIT: ExitCodeLine = [EXIT.usage, 'usage or configuration error'];

/** What any command on the local store may end with, besides its own codes. */
export const LOCAL_STORE_EXITS: readonly ExitCodeLine[] = [
  [EXIT.storeDamaged, 'the local store is damaged'],
  [EXIT.storeBusy, 'the data directory is busy (another lookout holds it): try again'],
  [EXIT.notPermitted, 'the data directory belongs to another user'],
];

export const ROUTE53_API_EXITS: readonly ExitCodeLine[] = [
  [EXIT.unavailable, 'the Route 53 API could not be reached (connection refused, offline, timed out)'],
  [EXIT.notPermitted, 'no AWS credentials, or Route 53 refused them'],
];

/** Exit codes of start, status and demo (their commands add them to --help). */
export const START_EXITS: readonly ExitCodeLine[] = [
  [EXIT.ok, 'stopped (Ctrl-C, or after --rounds)'],
  USAGE_EXIT,
  ...LOCAL_STORE_EXITS,
  [EXIT.interrupted, 'stopped at once by a second Ctrl-C'],
];

export const STATUS_EXITS: readonly ExitCodeLine[] = [[EXIT.ok, 'done'], USAGE_EXIT, ...LOCAL_STORE_EXITS];

export const DEMO_EXITS: readonly ExitCodeLine[] = [
  [EXIT.ok, 'the outage was detected and its incident resolved'],
  [EXIT.usage, "usage error, or the demo's incident did not resolve"],
];

/** Every exit code of every command (the program's own --help; README's "Exit codes" table). */
export const ALL_EXITS: readonly ExitCodeLine[] = [
  [EXIT.ok, 'done'],
  USAGE_EXIT,
  [2, 'check: the name is empty (NODATA/NXDOMAIN)'],
  [3, 'check: no resolver gave a usable answer'],
  [4, 'posture: a warning'],
  [5, 'restore: Route 53 refused the batch'],
  [6, 'restore: submitted but not verified'],
  [EXIT.unavailable, 'a service Lookout needs (the Route 53 API) could not be reached'],
  [EXIT.bug, 'a bug: please report it, with the LOOKOUT_DEBUG=1 output'],
  ...LOCAL_STORE_EXITS,
  [EXIT.notPermitted, 'no AWS credentials, or AWS refused them'],
  [EXIT.interrupted, 'start: stopped at once by a second Ctrl-C'],
];

/**
 * The "Exit codes:" paragraph of a command's --help: one code per line, the code first, so the README
 * test (test/e2e/cli-help-readme.test.ts) and a person read the same list, in order. A code listed
 * twice (77 for the store and for AWS) is shown once, its meanings joined.
 *
 * @example
 * command.addHelpText('after', exitCodesHelp([[0, 'done'], USAGE_EXIT, ...LOCAL_STORE_EXITS]));
 */
export function exitCodesHelp(lines: readonly ExitCodeLine[]): string {
  const meanings = new Map<number, string[]>();
  for (const [code, meaning] of lines) meanings.set(code, [...(meanings.get(code) ?? []), meaning]);
  const width = Math.max(...[...meanings.keys()].map((code) => String(code).length));
  const rows = [...meanings]
    .sort(([a], [b]) => a - b)
    .map(
      ([code, texts], index) =>
        `${index === 0 ? 'Exit codes: ' : '            '}${String(code).padEnd(width)} ${texts.join('; or ')}`,
    );
  return `\n${rows.join('\n')}`;
}
