#!/usr/bin/env node
// The `lookout` command. It runs the TypeScript sources through tsx, so `npx lookout` works right after
// `npm install` in a fresh clone with no build step.

// The AWS SDK warns on every process that Node 20 support ends in 2027; the operator reading Lookout's
// timeline does not need that in the middle of it (README states the Node versions).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./cli.ts');
await main(process.argv);
