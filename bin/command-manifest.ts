import { Command } from 'commander';

/** What the top-level help shows of one command, so it can be listed without loading it. */
export interface CommandEntry {
  name: string;
  aliases: string[];
  /** Arguments as help writes them, e.g. `<zone>`, `[note...]`. */
  args: string[];
  options: { flags: string; description: string }[];
  description: string;
  summary: string;
  hidden: boolean;
}

/** The top-level commands of `program`, as data (written by the build beside the bundle). */
export function commandManifest(program: Command): CommandEntry[] {
  return program.commands.map((command) => ({
    name: command.name(),
    aliases: command.aliases(),
    args: command.registeredArguments.map((arg) => {
      const name = `${arg.name()}${arg.variadic ? '...' : ''}`;
      return arg.required ? `<${name}>` : `[${name}]`;
    }),
    options: command.options.map((option) => ({ flags: option.flags, description: option.description })),
    description: command.description(),
    summary: command.summary(),
    hidden: (command as unknown as { _hidden?: boolean })._hidden === true,
  }));
}

/** A stand-in that lists and describes `entry` exactly as the real command would in the top-level help. */
export function stubCommand(entry: CommandEntry): Command {
  const command = new Command(entry.name).aliases(entry.aliases).description(entry.description);
  if (entry.summary) command.summary(entry.summary);
  for (const arg of entry.args) command.argument(arg);
  for (const option of entry.options) command.option(option.flags, option.description);
  return command;
}
