#!/usr/bin/env node
// `npm test`: makes sure the three browser engines are there (Chromium, Firefox, WebKitGTK:
// scripts/engines.mjs; BROWSERS picks some), builds dist/, runs the mock's Node tests and the
// browser tests in each engine, and ends with one line that adds all up: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEBIAN_PACKAGES, missingFor, selectedEngines } from './engines.mjs';

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

/** Installs (as root, with apt-get) the Debian packages of the engines that are missing. */
function ensureBrowsers(engines) {
  const missing = () => engines.flatMap((engine) => missingFor(engine).map(([what, pkg]) => ({ engine, what, pkg })));
  if (missing().length === 0) return;
  const packages = [...new Set(missing().flatMap(({ engine }) => DEBIAN_PACKAGES[engine]))];
  const isRoot = process.getuid?.() === 0;
  if (process.platform === 'linux' && isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`Missing ${missing().map(({ engine, what }) => `${what} (${engine})`).join(', ')}: installing Debian's ${packages.join(' ')} with apt-get…`);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], env) === 0 && run('apt-get', ['install', '-y', '-qq', ...packages], env) === 0 && missing().length === 0) return;
  }
  console.error(
    `Not installed: ${missing().map(({ engine, what, pkg }) => `${what} for ${engine} (Debian package ${pkg})`).join(', ')}. ` +
      `Install them (Debian/Ubuntu: \`sudo apt-get install -y ${packages.join(' ')}\`), point CHROME_PATH / FIREFOX_PATH / ` +
      'MINIBROWSER_PATH / WEBKIT_WEBDRIVER_PATH at them, or pick engines with BROWSERS=chromium,firefox,webkit.',
  );
  process.exit(1);
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .filter((file) => String(file).endsWith('.test.ts'))
    .map((file) => join(dir, String(file)))
    .sort();
}

function readCounts(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

ensureBrowsers(selectedEngines());
const node = process.execPath;
const work = mkdtempSync(join(tmpdir(), 'account-linker-test-'));
const total = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

// 1. Types (strict, sources and tests), then the bundle: the e2e tests load dist/account-linker.js
//    as a user's page would.
const tsc = 'node_modules/typescript/bin/tsc';
if (run(node, [tsc, '--noEmit', '-p', 'tsconfig.json']) !== 0 || run(node, [tsc, '-p', 'tsconfig.test.json']) !== 0) {
  console.error('type check failed');
  process.exit(1);
}
// The element (rollup), the framework entries (account-linker/react), then the server entry
// (account-linker/server: tsc to dist/server).
if (
  run(node, ['node_modules/rollup/dist/bin/rollup', '-c', 'rollup.config.mjs', '--silent']) !== 0 ||
  run(node, ['node_modules/rollup/dist/bin/rollup', '-c', 'rollup.frameworks.config.mjs', '--silent']) !== 0 ||
  run(node, [tsc, '-p', 'tsconfig.server.json']) !== 0
) {
  console.error('build failed');
  process.exit(1);
}
// The size budgets (scripts/size.mjs) count as one test: over budget fails the run.
const sizeOk = run(node, ['scripts/size.mjs']) === 0;
total.passed += sizeOk ? 1 : 0;
total.failed += sizeOk ? 0 : 1;
console.log(`size: ${sizeOk ? 'within budget' : 'OVER BUDGET'}`);

// 2. The mock, in Node (msw/node).
const nodeCounts = join(work, 'node.json');
const nodeStatus = run(node, [
  '--import', 'tsx',
  '--test',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=./scripts/node-count-reporter.mjs', `--test-reporter-destination=${nodeCounts}`,
  ...testFiles('test/node'),
]);
const fromNode = readCounts(nodeCounts) ?? { passed: 0, failed: 1, skipped: 0 };
if (nodeStatus !== 0 && fromNode.failed === 0) fromNode.failed = 1;
console.log(`node: ${fromNode.passed} passed, ${fromNode.failed} failed, ${fromNode.skipped} skipped`);

// 3. The component, the mock in a service worker, and the demo end to end, in each engine in turn
//    (the reporter prints each engine's counts and time, and adds them up).
const browserCounts = join(work, 'browser.json');
const browserStatus = run(node, ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs', ...process.argv.slice(2)], {
  SUMMARY_FILE: browserCounts,
});
const fromBrowser = readCounts(browserCounts) ?? { passed: 0, failed: 1, skipped: 0 };
if (browserStatus !== 0 && fromBrowser.failed === 0) fromBrowser.failed = 1;

for (const counts of [fromNode, fromBrowser]) {
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
if (total.failed > 0 || nodeStatus !== 0 || browserStatus !== 0) exitCode = 1;
if (total.passed === 0) exitCode = 1;
console.log(`\nTotal: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(exitCode);
