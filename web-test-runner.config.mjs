// Web Test Runner: every browser test runs in the system's headless Chromium.
import { chromeLauncher, defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { findChrome, chromeArgs } from './scripts/chrome.mjs';
import { serverMiddleware } from './demo/server.mjs';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { requestLogPlugin } from './scripts/request-log-plugin.mjs';

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), requestLogPlugin()],
  middleware: serverMiddleware({ redirectRoot: false }),
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: findChrome(), headless: true, args: chromeArgs() },
    }),
  ],
  // One page at a time: background pages get no animation frames and lose focus, which the
  // keyboard and focus tests rely on.
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  reporters: [defaultReporter(), summaryReporter()],
};
