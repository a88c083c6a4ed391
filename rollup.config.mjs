// Builds dist/account-linker.js: one self-contained, minified ES module (Lit included) that
// defines <account-linker> when loaded; types go to dist/types. The same element with `lit` left
// as an import goes to dist/lit-external/ (`account-linker/lit-external`). Also bundles the mock's browser
// host for the static demo (dist/mock/browser.js; msw included, not for production pages), the
// mock for `import 'account-linker/mock'` (dist/mock/index.js; msw left to the user's own copy),
// and the `account-linker-mock` command (dist/mock/account-linker-mock.js).
import { rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import resolve from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';

const browser = () => resolve({ browser: true, exportConditions: ['browser', 'production'] });
// The mock's sign-in page names and draws providers with the element's own tables (one place for a
// new provider), so those modules are compiled into the mock's builds too.
const ELEMENT_TABLES = ['src/protocol/providers.ts', 'src/i18n/strings.ts', 'src/protocol/errors.ts', 'src/ui/provider-icons.ts', 'src/ui/provider-marks.ts', 'src/lazy.ts'];
/** `lit` in the mock's builds: src/mock/lit-tags.ts, the tags those tables use, without Lit itself. */
const litTags = () => ({
  name: 'lit-tags',
  resolveId: (id) => (id === 'lit' ? fileURLToPath(new URL('src/mock/lit-tags.ts', import.meta.url)) : null),
});
const mockSources = (options = {}) =>
  typescript({ tsconfig: './tsconfig.json', include: ['src/mock/**/*.ts', ...ELEMENT_TABLES], exclude: [], declaration: false, sourceMap: false, ...options });
// msw's own modules have a harmless import cycle.
const quietCycles = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
  warn(warning);
};
const nodeBuiltin = (id) => id.startsWith('node:') || builtinModules.includes(id);
// `account-linker/lit-external`: the same element importing `lit` from the app's own copy.
const isLit = (id) => /^(lit|lit-html|lit-element|@lit\/reactive-element)(\/|$)/.test(id);

/**
 * The element's sources as the builds compile them, before terser: also what `npm run size`
 * weighs module by module, so its table describes this very build.
 * The html`` and css`` templates ship minified (whitespace, comments); no CSS is transpiled (no
 * targets): light-dark() and :dir() must reach the browser as written. keepClosingSlash: an svg``
 * template is minified without its <svg>, as HTML, where `<circle/><circle/>` without the slashes
 * nests the second circle in the first (and it is not drawn).
 */
export const elementSources = ({ outDir, declaration = false }) => [
  browser(),
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    exclude: ['src/mock/**', 'src/server/**', 'src/conformance/**'],
    declaration,
    ...(declaration ? { declarationDir: 'dist/types' } : {}),
    outDir,
    sourceMap: true,
  }),
  minifyHTML({ failOnError: true, options: { minifyOptions: { keepClosingSlash: true } } }),
];

/**
 * One build of the element into `dir`: each language but English is a chunk of its own
 * (`locales/de-[hash].js`, …), imported relative to account-linker.js only by a page that shows it;
 * so is what not every page needs at first (`chunks/`: each mode — `management.js`, `legacy.js`,
 * `server.js` —, the link flow, the popup's wait, the providers' marks, and what they share), under
 * names without a hash so that a page can preload the ones it knows it needs.
 */
const chunkFileNames = ({ facadeModuleId }) => {
  const id = (facadeModuleId ?? '').replace(/\\/g, '/');
  if (id.includes('/src/i18n/locales/')) return 'locales/[name]-[hash].js';
  return 'chunks/[name].js';
};

const element = ({ dir, external, declaration }) => ({
  input: 'src/index.ts',
  external,
  // The chunks import the element's own modules from account-linker.js, which then exports
  // them too: without this, Rollup would move them all into a shared chunk behind a 0.1 KB facade.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir,
    entryFileNames: 'account-linker.js',
    chunkFileNames,
    format: 'es',
    sourcemap: true,
  },
  plugins: [
    // Chunk names carry a hash: last build's chunks would linger (and be packed) beside the new ones.
    {
      name: 'clean-chunks',
      buildStart: () => ['locales', 'modes', 'chunks'].forEach((sub) => rmSync(`${dir}/${sub}`, { recursive: true, force: true })),
    },
    ...elementSources({ outDir: dir, declaration }),
    // A second compress pass: 0.07 KB of the first load, no unsafe transforms.
    terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } }),
  ],
});

export default [
  // Lit inside; the types go to dist/types.
  element({ dir: 'dist', declaration: true }),
  // For apps that bundle Lit themselves: `lit` left as an import (types: dist/types).
  element({ dir: 'dist/lit-external', external: isLit }),
  {
    input: 'src/mock/browser.ts',
    output: { file: 'dist/mock/browser.js', format: 'es' },
    plugins: [
      litTags(),
      browser(),
      mockSources({ outDir: 'dist/mock' }),
      terser({ ecma: 2022, module: true }),
    ],
    onwarn: quietCycles,
  },
  {
    // For a user's own tests: the handlers and tenant over THEIR msw (a peer dependency), so
    // setupServer()/setupWorker() and the handlers share one msw.
    input: 'src/mock/index.ts',
    output: { file: 'dist/mock/index.js', format: 'es' },
    external: (id) => id === 'msw' || id.startsWith('msw/'),
    plugins: [
      // Declarations from src/ (the page imports the element's tables), so they land in
      // dist/mock/types/mock/; the package's `types` stays dist/mock/types/index.d.ts, one re-export.
      // No lit import: litTags.
      { name: 'clean-mock-types', buildStart: () => rmSync('dist/mock/types', { recursive: true, force: true }) },
      litTags(),
      mockSources({ outDir: 'dist/mock', declaration: true, declarationDir: 'dist/mock/types', rootDir: 'src', filterRoot: '.' }),
      {
        name: 'mock-types-entry',
        writeBundle: () => writeFileSync('dist/mock/types/index.d.ts', "export * from './mock/index.js';\n"),
      },
    ],
  },
  {
    // The command bundles the msw core it uses: `npx account-linker-mock` then needs nothing
    // more, and installing the element does not pull msw and its dependencies into every app.
    input: 'src/mock/standalone/cli.ts',
    output: { file: 'dist/mock/account-linker-mock.js', format: 'es' },
    external: nodeBuiltin,
    plugins: [
      litTags(),
      resolve({ exportConditions: ['node', 'import', 'default'], preferBuiltins: true }),
      // The Node-only sources sit outside tsconfig.json (no Node types for the element's code).
      // rootDir: the program reaches src/ (the element's tables), not only src/mock/; filterRoot
      // keeps `include` relative to the project rather than to rootDir.
      mockSources({ tsconfig: './tsconfig.standalone.json', outDir: 'dist/mock', rootDir: 'src', filterRoot: '.' }),
    ],
    onwarn: quietCycles,
  },
];
