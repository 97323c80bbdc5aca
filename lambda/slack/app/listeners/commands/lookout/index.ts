import { ack } from './ack.js';
import { check } from './check.js';
import { declare } from './declare.js';
import { help } from './help.js';
import { incidents } from './incidents.js';
import { note } from './note.js';
import { resolve } from './resolve.js';
import { restore } from './restore.js';
import { runbook } from './runbook.js';
import { show } from './show.js';
import { status } from './status.js';
import type { Subcommand } from './subcommand.js';
import { timeline } from './timeline.js';
import { unwatch } from './unwatch.js';
import { watch } from './watch.js';

/** Every `/lookout` subcommand, in the order `help` lists them. One line per subcommand. */
export const SUBCOMMANDS: readonly Subcommand[] = [
  help,
  status,
  incidents,
  show,
  check,
  watch,
  unwatch,
  ack,
  resolve,
  note,
  declare,
  runbook,
  timeline,
  restore,
];
