import type { Command } from 'commander';
import { checkCommand } from './commands/check.js';
import { demoCommand } from './commands/demo.js';
import { emulateCommand } from './commands/emulate.js';
import { exportCommand } from './commands/export.js';
import { incidentCommands } from './commands/incidents.js';
import { outboxCommand } from './commands/outbox.js';
import { postureCommand } from './commands/posture.js';
import { replayCommand } from './commands/replay.js';
import { restoreCommand } from './commands/restore.js';
import { startCommand } from './commands/start.js';
import { statusCommand } from './commands/status.js';
import { finishProgram, type ProgramOutput, programShell } from './program-shell.js';
import { runProgram } from './run-program.js';

export { commandManifest } from './command-manifest.js';
export type { ProgramOutput };

/** Every command, loaded at once (tests, the manifest the build writes, and running from sources). */
export function buildProgram(output: ProgramOutput = {}): Command {
  const program = programShell();
  program.addCommand(startCommand());
  program.addCommand(statusCommand());
  program.addCommand(checkCommand());
  program.addCommand(restoreCommand());
  for (const command of incidentCommands()) program.addCommand(command);
  program.addCommand(exportCommand());
  program.addCommand(outboxCommand());
  program.addCommand(demoCommand());
  program.addCommand(replayCommand());
  program.addCommand(postureCommand());
  program.addCommand(emulateCommand());
  return finishProgram(program, output);
}

/** `lookout` run from its TypeScript sources (bin/lookout.js when dist/ is missing or stale). */
export async function main(argv: string[]): Promise<void> {
  await runProgram(argv, async () => buildProgram());
}
