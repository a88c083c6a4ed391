// Builds what the frameworks use beside the element (`npm run build` runs it after
// rollup.config.mjs): the React wrapper `account-linker/react` (dist/frameworks/react.js, with
// react and @lit/react left as imports, and the element as `import('account-linker')`: the
// package's own bundle, which the app's bundler resolves), its declaration, and the
// framework type entries (`account-linker/types/react`, …: src/frameworks/*.d.ts, copied beside
// the element's types in dist/types/frameworks/).
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import ts from 'typescript';

const SOURCES = 'src/frameworks';
const TYPES = 'dist/types/frameworks';
const ELEMENT = resolvePath('src/index.ts');

const compilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ES2022,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  strict: true,
  skipLibCheck: true,
  useDefineForClassFields: false,
  verbatimModuleSyntax: true,
  types: [],
};

/** TypeScript for the wrapper: checked, its declaration written to dist/types/frameworks/, then transpiled. */
function frameworkSources() {
  return {
    name: 'framework-sources',
    buildStart() {
      const file = resolvePath(SOURCES, 'react.ts');
      const program = ts.createProgram([file], { ...compilerOptions, declaration: true, emitDeclarationOnly: true, rootDir: 'src', declarationDir: 'dist/types' });
      const source = program.getSourceFile(file);
      const problems = ts.getPreEmitDiagnostics(program, source);
      if (problems.length) this.error(ts.formatDiagnosticsWithColorAndContext(problems, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' }));
      program.emit(source, (name, text) => {
        mkdirSync(dirname(name), { recursive: true });
        writeFileSync(name, text);
      }, undefined, true);
      // The hand-written declarations (tag types for each framework), beside the element's types.
      mkdirSync(TYPES, { recursive: true });
      for (const name of readdirSync(SOURCES).filter((n) => n.endsWith('.d.ts'))) copyFileSync(join(SOURCES, name), join(TYPES, name));
      // What a runtime `import 'account-linker/types/…'` gets: nothing.
      mkdirSync('dist/frameworks', { recursive: true });
      writeFileSync('dist/frameworks/types.js', 'export {};\n');
    },
    resolveId(source, importer) {
      // The element: the package's own entry, resolved by the app (browser or node condition).
      if (importer && resolvePath(dirname(importer), source.replace(/\.js$/, '.ts')) === ELEMENT) return { id: 'account-linker', external: true };
      return null;
    },
    transform(code, id) {
      if (!id.endsWith('.ts')) return null;
      const out = ts.transpileModule(code, { compilerOptions: { ...compilerOptions, sourceMap: true }, fileName: id });
      return { code: out.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map: out.sourceMapText };
    },
  };
}

export default {
  input: { react: `${SOURCES}/react.ts` },
  external: (id) => /^(react|react-dom|@lit\/react)(\/|$)/.test(id),
  output: { dir: 'dist/frameworks', format: 'es', sourcemap: true },
  plugins: [frameworkSources()],
};
