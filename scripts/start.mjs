#!/usr/bin/env node
// `npm start`: the demo at http://localhost:8000/demo/. The demo loads the built element and the
// built browser mock (dist/, from rollup.config.mjs); the demo server itself runs from src/ (tsx).
// So: rebuild dist/ only when a source is newer than the built files (or they are missing, or
// `npm start -- --build`), say which and why, then serve with web-dev-server.config.mjs, printing
// only addresses that answer (its own "Network:" line is left out: on a loopback bind it does not).
// PORT picks another port than 8000 (HOST, NO_OPEN: web-dev-server.config.mjs). test/node/start.test.ts
// holds it to these promises, on a free port, in a scratch copy of the layout.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

/** What rollup.config.mjs writes and the demo (or the stand-alone mock) loads. */
const OUTPUTS = ['dist/account-linker.js', 'dist/lit-external/account-linker.js', 'dist/mock/browser.js', 'dist/mock/index.js', 'dist/mock/account-linker-mock.js'];
/** What those are built from. */
const INPUTS = ['src', 'rollup.config.mjs', 'tsconfig.json', 'tsconfig.standalone.json', 'package-lock.json'];

function* files(path) {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (!stat.isDirectory()) return yield { path, mtime: stat.mtimeMs };
  for (const entry of readdirSync(path)) yield* files(join(path, entry));
}

const ago = (ms) => {
  const minutes = Math.round((Date.now() - ms) / 60000);
  return minutes < 1 ? 'just now' : minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
};

/** Why dist/ must be rebuilt, or null when it is fresh; `built` is when its oldest output was written. */
export function staleness({ force = false } = {}) {
  const missing = OUTPUTS.find((file) => !existsSync(file));
  if (missing) return { reason: `${missing} is missing` };
  const built = Math.min(...OUTPUTS.map((file) => statSync(file).mtimeMs));
  if (force) return { reason: '--build was given', built };
  let newest;
  for (const input of INPUTS) for (const file of files(input)) if (!newest || file.mtime > newest.mtime) newest = file;
  if (newest && newest.mtime > built) return { reason: `${relative(root, newest.path) || newest.path} changed after the last build (${ago(built)})`, built };
  return { reason: null, built };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { reason, built } = staleness({ force: process.argv.includes('--build') });
  if (reason) {
    console.log(`npm start: building dist/ because ${reason} (the element and the mock, with rollup: about a minute)…`);
    const started = Date.now();
    const result = spawnSync(process.execPath, ['node_modules/rollup/dist/bin/rollup', '-c', 'rollup.config.mjs', '--silent'], { stdio: 'inherit' });
    if (result.status !== 0) {
      console.error('npm start: the build failed (above); nothing is served.');
      process.exit(result.status ?? 1);
    }
    console.log(`npm start: built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } else {
    console.log(`npm start: dist/ is up to date with src/ (built ${ago(built)}): reusing it. (\`npm start -- --build\` rebuilds it.)`);
  }
  console.log('npm start: starting the demo server…');
  const { startDevServer } = await import('@web/dev-server');
  await startDevServer({ argv: ['--config', 'web-dev-server.config.mjs'], logStartMessage: false });
}
