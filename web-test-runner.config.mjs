// Web Test Runner: every browser test runs in three engines, one engine after the other: Debian's
// Chromium (headless), Firefox ESR (headless) and WebKitGTK (MiniBrowser in an Xvfb of its own).
// BROWSERS=chromium,firefox picks some of them (scripts/engines.mjs).
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { serverMiddleware } from './demo/server.mjs';
import { browserLaunchers } from './scripts/engines.mjs';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { requestLogPlugin } from './scripts/request-log-plugin.mjs';
import { mockServerPlugin } from './scripts/mock-server-plugin.mjs';
import { emulationPlugin } from './scripts/emulation-plugin.mjs';
import { visualRegressionPlugin } from '@web/test-runner-visual-regression/plugin';
import { keepNoStore, responseLogPlugin } from './test/browser/response-log-plugin.mjs';

// Visual baselines are committed; `npm run test:update-snapshots` rewrites them (UPDATE_SNAPSHOTS=1).
// A missing baseline fails the test instead of being written silently. Chromium only: see
// test/browser/visual.test.ts and the README ("Browsers").
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

// What the pages send, recorded on the server and at a proxy every engine is launched with.
const requestLog = await requestLogPlugin();
// What the server sends back, for the server mode's "no token in any response" (e2e-server.test.ts).
const responseLog = responseLogPlugin();

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    requestLog.plugin,
    responseLog.plugin,
    mockServerPlugin(),
    emulationPlugin(),
    visual,
  ],
  // keepNoStore: a page that says no-store is not made cacheable by the runner (the server mode demo
  // pages set their session cookie when served).
  middleware: [keepNoStore(), responseLog.middleware, requestLog.middleware, ...serverMiddleware({ redirectRoot: false })],
  browsers: browserLaunchers(undefined, { proxy: requestLog.proxy }),
  // One engine at a time, one page at a time: the mock tenant and the request log are shared by
  // the whole run, and background pages get no animation frames and lose focus, which the
  // keyboard and focus tests rely on.
  concurrentBrowsers: 1,
  concurrency: 1,
  // Firefox and WebKit start slower than Chromium, on a busy two-core machine slower still.
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testFramework: { config: { timeout: 10000 } },
  reporters: [defaultReporter(), summaryReporter()],
};
