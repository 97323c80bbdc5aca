/** Where a command writes and how it sets its exit code; tests hand in their own. */
export interface ConsoleIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Sets process.exitCode, so the CLI exits with it once output is flushed. */
  setExitCode: (code: number) => void;
}

export function consoleIo(io: Partial<ConsoleIo> = {}): ConsoleIo {
  return {
    out: io.out ?? ((line) => process.stdout.write(`${line}\n`)),
    err: io.err ?? ((line) => process.stderr.write(`${line}\n`)),
    setExitCode:
      io.setExitCode ??
      ((code) => {
        process.exitCode = code;
      }),
  };
}
