import type { App } from '@slack/bolt';
import type { SlackAppDeps } from '../../deps.js';
import { lookoutCommand } from './lookout.js';

/**
 * Every slash command. A development app installed beside the real one (Socket Mode) may name its
 * command `/lookout-dev`: the same listener answers it, and its answers name the command as typed.
 */
export function registerCommands(app: App, deps: SlackAppDeps): void {
  app.command(/^\/lookout(?:-[a-z0-9-]+)?$/, lookoutCommand(deps));
}
