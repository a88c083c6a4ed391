// Builds dist/account-linker.js: one self-contained, minified ES module (Lit included) that
// defines <account-linker> when loaded; types go to dist/types. Also bundles the mock's browser
// host for the static demo (dist/mock/browser.js; msw included, not for production pages).
import resolve from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

const browser = () => resolve({ browser: true, exportConditions: ['browser', 'production'] });

export default [
  {
    input: 'src/index.ts',
    output: { file: 'dist/account-linker.js', format: 'es', sourcemap: true },
    plugins: [
      browser(),
      typescript({
        tsconfig: './tsconfig.json',
        include: ['src/**/*.ts'],
        exclude: ['src/mock/**'],
        declaration: true,
        declarationDir: 'dist/types',
        outDir: 'dist',
        sourceMap: true,
      }),
      terser({ ecma: 2022, module: true, format: { comments: false } }),
    ],
  },
  {
    input: 'src/mock/browser.ts',
    output: { file: 'dist/mock/browser.js', format: 'es' },
    plugins: [
      browser(),
      typescript({ tsconfig: './tsconfig.json', include: ['src/mock/**/*.ts'], declaration: false, outDir: 'dist/mock', sourceMap: false }),
      terser({ ecma: 2022, module: true }),
    ],
    onwarn(warning, warn) {
      // msw's own modules have a harmless import cycle.
      if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
      warn(warning);
    },
  },
];
