// Web Test Runner: every browser test runs in the system's headless Chromium.
import { chromeLauncher, defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { findChrome, chromeArgs } from './scripts/chrome.mjs';
import { serverMiddleware } from './demo/server.mjs';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { requestLogPlugin } from './scripts/request-log-plugin.mjs';
import { mockServerPlugin } from './scripts/mock-server-plugin.mjs';
import { forcedColorsPlugin } from './scripts/forced-colors-plugin.mjs';
import { visualRegressionPlugin } from '@web/test-runner-visual-regression/plugin';

// Visual baselines are committed; `npm run test:update-snapshots` rewrites them (UPDATE_SNAPSHOTS=1).
// A missing baseline fails the test instead of being written silently.
const visual = visualRegressionPlugin({
  update: process.env.UPDATE_SNAPSHOTS === '1',
  baseDir: 'test/browser/__screenshots__',
  getBaselineName: ({ browser, name }) => `${browser.toLowerCase()}/${name}.png`,
  getFailedName: ({ browser, name }) => `failed/${browser.toLowerCase()}/${name}.png`,
  getDiffName: ({ browser, name }) => `failed/${browser.toLowerCase()}/${name}-diff.png`,
  // pixelmatch: a pixel differs past 10% colour distance; the shot fails past 0.5% of pixels
  // (anti-aliasing and font hinting move a few pixels, a broken layout moves thousands).
  diffOptions: { threshold: 0.1 },
  failureThreshold: 0.5,
  failureThresholdType: 'percent',
});

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), requestLogPlugin(), mockServerPlugin(), forcedColorsPlugin(), visual],
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
