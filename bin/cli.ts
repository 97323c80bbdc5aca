import { Command } from 'commander';
import { checkCommand } from './commands/check.js';
import { demoCommand } from './commands/demo.js';
import { incidentCommands } from './commands/incidents.js';
import { startCommand } from './commands/start.js';
import { reportError } from './support/errors.js';

export function buildProgram(): Command {
  const program = new Command('lookout')
    .description(
      'Lookout: tells you in seconds when a DNS entry goes empty or starts flapping — with the cause, a timeline and the runbook.',
    )
    .showHelpAfterError('(run `npx lookout --help` for usage)')
    .exitOverride();
  program.addCommand(startCommand());
  program.addCommand(checkCommand());
  for (const command of incidentCommands()) program.addCommand(command);
  program.addCommand(demoCommand());
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error);
  }
}
