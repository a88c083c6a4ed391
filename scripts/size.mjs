#!/usr/bin/env node
// Prints the size of the built bundle (run `npm run build` first): raw, gzip and brotli, and how
// much of it is Lit, then each language's chunk (dist/locales/), which only a page in that
// language fetches. A figure to watch, not a test: the budget is 12 KB gzip (goal 10) for
// dist/account-linker.js, all an English page loads.
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
  console.log(`${label.padEnd(32)} raw ${kb(buffer.length).padStart(9)}   gzip ${kb(gzip).padStart(9)}   brotli ${kb(brotli).padStart(9)}`);
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
console.log(`${'account-linker without lit'.padEnd(32)} gzip ~${kb(total - litGzip)}`);
console.log(`budget: 12 KB gzip: ${total <= 12 * 1024 ? 'within' : 'over'} (${kb(total)}, all an English page loads)`);

// Another language adds its own chunk to the above, once per page: the chunks the bundle imports.
const chunks = [...new Set([...bundle.matchAll(/import\("\.\/(locales\/[^"]+\.js)"\)/g)].map((match) => match[1]))].sort();
if (chunks.length) console.log('language chunks, each fetched only by a page in that language (not in the figures above):');
for (const chunk of chunks) measure(`  dist/${chunk}`, readFileSync(`dist/${chunk}`, 'utf8'));

// The provider icons alone (src/provider-icons.ts, minified, Lit left out; inside the bundle
// above): the aim is well under 2 KB gzip.
const { default: typescript } = await import('@rollup/plugin-typescript');
const icons = await rollup({
  input: 'src/provider-icons.ts',
  external: (id) => id === 'lit' || id.startsWith('lit/'),
  plugins: [
    typescript({ tsconfig: './tsconfig.json', include: ['src/provider-icons.ts'], declaration: false, sourceMap: false, outDir: 'dist/.size' }),
    terser({ ecma: 2022, module: true }),
  ],
  onwarn: () => {},
});
const iconsGzip = measure('src/provider-icons.ts alone', (await icons.generate({ format: 'es' })).output[0].code);
console.log(`icons: aim under 2 KB gzip: ${iconsGzip < 2048 ? 'within' : 'over'}`);
