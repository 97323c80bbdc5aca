import { type Command, CommanderError } from 'commander';
import { EXIT } from './support/exit-codes.js';

/**
 * The exit code for `error`, said in one line. Help, `--version` and usage mistakes (Commander has already
 * written them) are answered here, as reportError would, so printing help does not load every failure's
 * module (the embedded store among them).
 */
async function report(error: unknown): Promise<number> {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT.usage;
  const { reportError } = await import('./support/report-error.js');
  return reportError(error);
}

/**
 * `lookout … | head -1`: the reader has gone, which is how a pipeline says "enough". End quietly, as Unix
 * tools do, instead of an EPIPE stack trace.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/** Runs the program `build` returns on `argv` as the `lookout` process: every failure ends as one line. */
export async function runProgram(argv: string[], build: () => Promise<Command>): Promise<void> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  // The local store is the user's alone: whatever this process creates (the data directory, LevelDB's
  // files, the endpoint and token) is readable by its owner only.
  process.umask(0o077);
  // A storage failure inside dynalite surfaces as an uncaught exception; it too ends as one line.
  const fail = async (error: unknown) => {
    process.exit(await report(error));
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  try {
    const program = await build();
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = await report(error);
  }
}
