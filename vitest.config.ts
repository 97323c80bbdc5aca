import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A timeout catches a hang; it is not a speed bound. Integration and CLI tests start real servers
    // and child processes (dynalite, DNS, Slack, `lookout`): on a busy 2-core machine one takes several
    // times its idle duration, so the budget is generous. Speed is measured by `npm run bench`.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The CLI tests run bin/lookout.js, which runs the built CLI (dist/) while it is fresh.
    globalSetup: ['test/support/build-cli.ts'],
    // fast-check on a fixed seed (FC_SEED=random explores): see the file.
    setupFiles: ['test/support/fast-check-seed.ts'],
    // The AWS SDK's Node-20 end-of-support notice is not a test result.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
