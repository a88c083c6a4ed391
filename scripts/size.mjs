#!/usr/bin/env node
// Prints the size of the built bundle (run `npm run build` first): raw, gzip and brotli, and how
// much of it is Lit. A figure to watch, not a test: the budget is 12 KB gzip (goal 10).
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
function measure(label, code) {
  const buffer = Buffer.from(code);
  const gzip = gzipSync(buffer, { level: 9 }).length;
  const brotli = brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`${label.padEnd(28)} raw ${kb(buffer.length).padStart(9)}   gzip ${kb(gzip).padStart(9)}   brotli ${kb(brotli).padStart(9)}`);
  return gzip;
}

const bundle = readFileSync('dist/account-linker.js', 'utf8');
const total = measure('dist/account-linker.js', bundle);

// Lit alone, minified the same way, for comparison.
const lit = await rollup({
  input: 'lit',
  plugins: [resolve({ exportConditions: ['browser', 'production'] }), terser({ ecma: 2022, module: true })],
  onwarn: () => {},
});
const { output } = await lit.generate({ format: 'es' });
const litGzip = measure('lit (all of it)', output[0].code);
console.log(`${'account-linker without lit'.padEnd(28)} gzip ~${kb(total - litGzip)}`);
console.log(`budget: 12 KB gzip: ${total <= 12 * 1024 ? 'within' : 'over'} (${kb(total)})`);
