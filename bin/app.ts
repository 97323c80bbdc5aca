#!/usr/bin/env node
// CDK entry point (cdk.json runs it with tsx). Logic lives in lib/lookout-app.ts so tests can build the app.
import { ConfigError } from '../lambda/config/errors.js';
import { RunbookError } from '../lambda/domain/runbooks/errors.js';
import { createLookoutApp } from '../lib/lookout-app.js';

try {
  createLookoutApp();
} catch (error) {
  // A config or runbook mistake is the user's to fix: the message names file and field, a stack trace
  // only buries it.
  if (!(error instanceof ConfigError || error instanceof RunbookError)) throw error;
  console.error(error.message);
  process.exit(1);
}
