import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../bin/cli.js';
import { commandManifest } from '../../../bin/command-manifest.js';
import { COMMAND_LOADERS, commandWord, lazyProgram } from '../../../bin/main.js';

/** What `--help` prints for the command at `path` of `program` (the program itself for []). */
function helpAt(program: Command, path: string[]): string {
  let command = program;
  for (const name of path) {
    const next = command.commands.find((c) => c.name() === name);
    if (!next) throw new Error(`no command ${path.join(' ')}`);
    command = next;
  }
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk) });
  command.outputHelp();
  return text;
}

describe('the lazily loaded program (what dist/ runs)', () => {
  const full = buildProgram();
  const manifest = commandManifest(full);

  it('has a loader for every command, so no command loads the whole program', () => {
    const names = full.commands.flatMap((command) => [command.name(), ...command.aliases()]);
    expect(Object.keys(COMMAND_LOADERS).sort()).toEqual(names.sort());
  });

  it('prints the same top-level help as the whole program, from the manifest alone', async () => {
    const program = await lazyProgram(['node', 'lookout', '--help'], manifest);
    expect(helpAt(program, [])).toBe(helpAt(full, []));
  });

  it.each(full.commands.map((command) => command.name()))(
    'loads `%s` for its own run and gives it the same help',
    async (name) => {
      const program = await lazyProgram(['node', 'lookout', name, '--help'], manifest);
      expect(helpAt(program, [name])).toBe(helpAt(full, [name]));
      for (const sub of full.commands.find((c) => c.name() === name)?.commands ?? [])
        expect(helpAt(program, [name, sub.name()])).toBe(helpAt(full, [name, sub.name()]));
    },
  );

  it('finds the command after options and behind `help`', () => {
    expect(commandWord(['node', 'lookout', '--no-color', 'start', 'x'])).toBe('start');
    expect(commandWord(['node', 'lookout', 'help', 'restore'])).toBe('restore');
    expect(commandWord(['node', 'lookout', '--help'])).toBeUndefined();
  });
});
