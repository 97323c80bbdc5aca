import type { Command } from 'commander';

/** The IO a command is built with: output lines and the exit code, captured in memory. */
export interface CapturedIo {
  out: (line: string) => void;
  err: (line: string) => void;
  setExitCode: (code: number) => void;
}

export interface CommandRun {
  /** Lines written to stdout (Commander's own output included), joined with newlines. */
  out: string;
  err: string;
  exitCode: number | undefined;
  /** What parsing threw (a CommanderError for a usage mistake), if anything. */
  thrown: unknown;
}

/**
 * Runs a command in-process as the operator would type it, capturing its output and exit code.
 *
 * @example
 * const result = await runCommand((io) => checkCommand(io), ['api.example.test', '--server', a]);
 */
export async function runCommand(build: (io: CapturedIo) => Command, args: string[]): Promise<CommandRun> {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: number | undefined;
  const command = build({
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    setExitCode: (code) => {
      exitCode = code;
    },
  })
    .exitOverride()
    .configureOutput({ writeOut: (text) => out.push(text), writeErr: (text) => err.push(text) });
  let thrown: unknown;
  try {
    await command.parseAsync(args, { from: 'user' });
  } catch (error) {
    thrown = error;
  }
  return { out: out.join('\n'), err: err.join('\n'), exitCode, thrown };
}
