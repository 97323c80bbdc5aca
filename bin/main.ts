import type { Command } from 'commander';
import { type CommandEntry, stubCommand } from './command-manifest.js';
import { finishProgram, programShell } from './program-shell.js';
import { runProgram } from './run-program.js';

type Load = () => Promise<Command[]>;

const incidents: Load = async () => (await import('./commands/incidents.js')).incidentCommands();

/**
 * Where each command lives, so a run loads only the command it names (the others stay unread: the AWS
 * SDK, the embedded store and the demo's servers cost most of a start). A command missing here still
 * works: the whole program is loaded for it.
 */
export const COMMAND_LOADERS: Readonly<Record<string, Load>> = {
  start: async () => [(await import('./commands/start.js')).startCommand()],
  status: async () => [(await import('./commands/status.js')).statusCommand()],
  check: async () => [(await import('./commands/check.js')).checkCommand()],
  restore: async () => [(await import('./commands/restore.js')).restoreCommand()],
  incidents,
  show: incidents,
  ack: incidents,
  resolve: incidents,
  export: async () => [(await import('./commands/export.js')).exportCommand()],
  outbox: async () => [(await import('./commands/outbox.js')).outboxCommand()],
  demo: async () => [(await import('./commands/demo.js')).demoCommand()],
  replay: async () => [(await import('./commands/replay.js')).replayCommand()],
  posture: async () => [(await import('./commands/posture.js')).postureCommand()],
  emulate: async () => [(await import('./commands/emulate.js')).emulateCommand()],
};

/** The command `argv` names (`lookout help <command>` names one too), if any. */
export function commandWord(argv: readonly string[]): string | undefined {
  const words = argv.slice(2).filter((arg) => !arg.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * `lookout` with the command `argv` names loaded and every other command a stand-in built from
 * `manifest` (enough for the top-level help, `--version` and "unknown command").
 */
export async function lazyProgram(
  argv: readonly string[],
  manifest: readonly CommandEntry[],
): Promise<Command> {
  const word = commandWord(argv);
  const named = manifest.find((entry) => entry.name === word || entry.aliases.includes(word ?? ''));
  const load = named ? COMMAND_LOADERS[named.name] : undefined;
  if (named && !load) return (await import('./cli.js')).buildProgram();
  const loaded = load ? await load() : [];
  const program = programShell();
  for (const entry of manifest) {
    const real = loaded.find((command) => command.name() === entry.name);
    program.addCommand(real ?? stubCommand(entry), { hidden: entry.hidden });
  }
  return finishProgram(program, {});
}

/** `lookout` run from dist/ (bin/lookout.js), with the command list the build recorded. */
export async function main(argv: string[], manifest: readonly CommandEntry[]): Promise<void> {
  await runProgram(argv, () => lazyProgram(argv, manifest));
}
