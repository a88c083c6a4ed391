#!/usr/bin/env node
// `npm run size` (after `npm run build`; `npm test` runs it): raw, gzip and brotli of every built
// file, where the element's weight comes from (each module minified and gzipped on its own), and
// the budgets. Exits 1 when a budgeted file is over its budget, so CI fails.
//
// Budgets (gzip, level 9) are ceilings for what a page downloads:
// - dist/account-linker.js: all an English page loads (both modes, popup, icons, Lit);
// - dist/lit-external/account-linker.js: the same without Lit, for apps that bundle their own Lit;
// - each language chunk (dist/locales/*.js), fetched only by a page in that language.
// GOAL is where the bundle should get to (issue 11); BUDGET is what CI holds it to today. Lower
// BUDGET whenever a cut lands; raise it only for a feature worth its bytes, saying so here (keyed
// rows, Lit's `repeat`: +0.6 KB, for unlinks that touch one row instead of every row below it;
// rendering speed, 2026-12-01: +0.4 KB for a class beside each styled part, icon strokes drawn as
// outlines and the WebKit sheet mend, which took render 50 from 1.86× to about 1.35× the bare element).
// 2026-12-07: 26.25 → 22.25 KB. What every page needs stays in account-linker.js; the rest is a
// chunk fetched when needed (dist/chunks/: each mode, the link flow, the popup's wait, the
// providers' marks, the English setup messages). Then +0.25 KB (2026-12-07, issue 19) for the add
// menu in the top layer (a popover at its trigger; its placing is a chunk) and the phone layout.
// Then 22.49 → 21.84 KB (issue 17's 22 KB): the English sentences of errors that come with a
// server's answer joined the setup messages in a chunk (chunks/english-texts.js) fetched with the
// first error that needs one; what can fail offline is said at once. And a second terser pass.
// Then 21.84 → 21.63 KB with issue 21's suggestions in: the section (suggestions-view.js) and its
// logic (suggestions.js) are chunks; so are how an error is told in full (describe-error.js, with
// the token scrub, redaction.js: the first error fetches it) and the access token's checks
// (token-check.js: only a page with a token loads it, as soon as the token is set). Then 21.77 KB
// with the popup's wait fetched ahead and the suggestions asked again after a link.
// Each chunk has its own ceiling (CHUNK_BUDGET).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { rollup } from 'rollup';
import { elementSources } from '../rollup.config.mjs';

const KB = 1024;
const BUDGETS = [
  { file: 'dist/account-linker.js', budget: 22 * KB, goal: 15 * KB },
  { file: 'dist/lit-external/account-linker.js', budget: 16 * KB, goal: 9 * KB },
];
/** Each chunk of dist/chunks/ (a mode, the link flow, the marks, …): fetched after the first load. */
const CHUNK_BUDGET = 2.5 * KB;
// +0.15 KB (2026-12-07, issue 21): six texts of server mode's "Also yours?" suggestions in each language.
const LOCALE_BUDGET = 1.65 * KB;
const LOCALE_GOAL = 1.2 * KB;

const kb = (n) => `${(n / KB).toFixed(2)} KB`;
const gzip = (code) => gzipSync(Buffer.from(code), { level: 9 }).length;
const brotli = (code) => brotliCompressSync(Buffer.from(code), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

function row(label, code) {
  const sizes = { raw: Buffer.byteLength(code), gzip: gzip(code), brotli: brotli(code) };
  console.log(`${label.padEnd(44)} raw ${kb(sizes.raw).padStart(9)}   gzip ${kb(sizes.gzip).padStart(9)}   brotli ${kb(sizes.brotli).padStart(9)}`);
  return sizes;
}

if (!existsSync('dist/account-linker.js')) {
  console.error('dist/account-linker.js is missing: run `npm run build` first.');
  process.exit(1);
}

// 1. Every built file a package user can load.
const files = ['dist/account-linker.js', 'dist/lit-external/account-linker.js', 'dist/mock/index.js', 'dist/mock/browser.js', 'dist/mock/account-linker-mock.js'];
for (const dir of ['dist/locales', 'dist/lit-external/locales', 'dist/chunks']) {
  if (existsSync(dir)) files.push(...readdirSync(dir).filter((name) => name.endsWith('.js')).sort().map((name) => join(dir, name)));
}
console.log('Built files:');
const measured = new Map();
for (const file of files) if (existsSync(file)) measured.set(file, row(file, readFileSync(file, 'utf8')));

// 2. Where the weight of the element comes from: each module of src/index.ts's graph, minified
//    and gzipped alone (so the column adds up to a little more than the bundle).
const build = await rollup({ input: 'src/index.ts', preserveEntrySignatures: 'allow-extension', plugins: elementSources({ outDir: 'dist/.size' }), onwarn: () => {} });
const { output } = await build.generate({ format: 'es' });
const entry = output.find((chunk) => chunk.type === 'chunk' && chunk.isEntry);
const { minify } = await import('terser');
const weights = [];
for (const [id, module] of Object.entries(entry.modules)) {
  if (!module.code) continue;
  // A module's code alone exports nothing: keep its top-level declarations (no dead-code removal).
  const { code } = await minify(module.code, { ecma: 2022, compress: { unused: false, toplevel: false }, mangle: { toplevel: false } });
  const name = id.replace(/\\/g, '/').replace(/^.*\/node_modules\//, '').replace(/^.*\/src\//, 'src/');
  weights.push({ name, gzip: gzip(code ?? '') });
}
weights.sort((a, b) => b.gzip - a.gzip);
const litGzip = weights.filter((w) => !w.name.startsWith('src/')).reduce((sum, w) => sum + w.gzip, 0);
console.log('\nWeight of dist/account-linker.js by module (minified + gzip, each alone):');
for (const { name, gzip: size } of weights.slice(0, 20)) console.log(`  ${name.padEnd(42)} ${kb(size).padStart(9)}`);
console.log(`  ${'(Lit, all its modules)'.padEnd(42)} ${kb(litGzip).padStart(9)}`);

// 3. Budgets.
console.log('\nBudgets (gzip):');
let over = false;
for (const { file, budget, goal } of BUDGETS) {
  const sizes = measured.get(file);
  if (!sizes) {
    console.log(`  ${file}: not built, not checked`);
    continue;
  }
  const ok = sizes.gzip <= budget;
  over ||= !ok;
  console.log(`  ${file.padEnd(40)} ${kb(sizes.gzip).padStart(9)}  budget ${kb(budget)}: ${ok ? 'within' : 'OVER'}; goal ${kb(goal)}: ${sizes.gzip <= goal ? 'reached' : 'not yet'}`);
}
for (const [file, sizes] of measured) {
  if (!file.includes('/locales/')) continue;
  const ok = sizes.gzip <= LOCALE_BUDGET;
  over ||= !ok;
  console.log(`  ${file.padEnd(40)} ${kb(sizes.gzip).padStart(9)}  budget ${kb(LOCALE_BUDGET)}: ${ok ? 'within' : 'OVER'}; goal ${kb(LOCALE_GOAL)}: ${sizes.gzip <= LOCALE_GOAL ? 'reached' : 'not yet'}`);
}
for (const [file, sizes] of measured) {
  if (!file.includes('/chunks/')) continue;
  const ok = sizes.gzip <= CHUNK_BUDGET;
  over ||= !ok;
  console.log(`  ${file.padEnd(40)} ${kb(sizes.gzip).padStart(9)}  budget ${kb(CHUNK_BUDGET)}: ${ok ? 'within' : 'OVER'}`);
}
// The component must never carry the mock (or msw) into users' pages.
const bundle = readFileSync('dist/account-linker.js', 'utf8');
if (/mswjs|setupWorker|MockServiceWorker/.test(bundle)) {
  console.log('  dist/account-linker.js contains msw code: OVER (the mock must stay out of the element)');
  over = true;
}
if (over) {
  console.error('\nsize: over budget');
  process.exit(1);
}
console.log('\nsize: every budget holds');
