// Builds dist/account-linker.js: one self-contained, minified ES module (Lit included) that
// defines <account-linker> when loaded. Types go to dist/types.
import resolve from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

export default {
  input: 'src/index.ts',
  output: { file: 'dist/account-linker.js', format: 'es', sourcemap: true },
  plugins: [
    resolve({ exportConditions: ['browser', 'production'] }),
    typescript({
      tsconfig: './tsconfig.json',
      include: ['src/**/*.ts'],
      exclude: ['src/mock/**', 'test/**'],
      declaration: true,
      declarationDir: 'dist/types',
      outDir: 'dist',
      sourceMap: true,
    }),
    terser({ ecma: 2022, module: true, format: { comments: false } }),
  ],
};
