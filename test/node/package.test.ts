/// <reference types="node" />
// The package as a user gets it: `npm pack` (what `npm publish` would upload), the tarball
// installed into a scratch project of its own outside the repository (lit from npm's local cache,
// `--offline`), then each entry used from there: the element's two builds, the mock with the
// user's msw, the `account-linker-mock` command, the types, custom-elements.json. Also the built
// bundles themselves: the mock never in the element's bundles, Lit inside one and outside the
// other, both minified alike.
//
// The installed project is then copied to node_modules/account-linker-pack/ (a path the browser
// tests' server serves: no dot segment), with examples/plain-html/account.html beside its
// node_modules, for test/browser/packed.test.ts, which runs the element from there in Chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LOCALES } from '../../src/i18n/locale.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Served by the browser tests' server at /node_modules/account-linker-pack/. */
export const BROWSER_COPY = join(ROOT, 'node_modules', 'account-linker-pack');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
}

let work: string;
let project: string;
let packed: PackResult;
let tarball: string;
let installedWith: string;

const npm = (args: string[], cwd: string) => run('npm', args, { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });

/** Runs an ES module source with Node inside the scratch project; returns what it printed as JSON. */
async function inProject(source: string): Promise<Record<string, unknown>> {
  const file = join(project, `check-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, source);
  const { stdout } = await run(process.execPath, [file], { cwd: project });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** The language chunks a bundle imports, relative to it. */
const chunksOf = (bundle: string) => [...new Set([...bundle.matchAll(/import\("\.\/(locales\/[^"]+\.js)"\)/g)].map((m) => m[1]!))].sort();

describe('the built bundles', () => {
  const main = read('dist/account-linker.js');
  const external = read('dist/lit-external/account-linker.js');

  test('the mock is in neither build of the element', () => {
    for (const [name, code] of [['dist/account-linker.js', main], ['dist/lit-external/account-linker.js', external]] as const) {
      // String literals of the mock and of msw, which minification keeps.
      for (const marker of ['mockServiceWorker', 'Mock Auth0 tenant', '/authorize/decision', '/__mock/', 'MSW_COOKIE_STORE', '[MSW]']) {
        assert.ok(!code.includes(marker), `${name} contains "${marker}"`);
      }
      assert.doesNotMatch(code, /["'`/]msw\b/, `${name} names msw`);
      assert.doesNotMatch(code, /from\s*"(?!lit(?:\/[\w/.-]+)?")[^".][^"]*"/, `${name} imports only lit and its modules (lit-external) or nothing bare`);
    }
  });

  test('Lit is inside account-linker.js and imported by lit-external; both define the element', () => {
    assert.doesNotMatch(main, /from\s*"lit"/);
    assert.match(main, /\$lit\$/, 'lit-html is bundled');
    assert.match(external, /^import\{[^}]+\}from"lit";/, 'lit-external starts with one import from "lit"');
    assert.doesNotMatch(external, /\$lit\$/, 'lit-html is not bundled in lit-external');
    for (const code of [main, external]) assert.match(code, /customElements\.define\("account-linker"/);
    assert.ok(external.length < main.length - 10_000, `lit-external (${external.length} B) is smaller than the bundle with Lit (${main.length} B)`);
  });

  test('both are minified alike: no comments, templates without indentation, the same language chunks', () => {
    for (const [name, code] of [['main', main], ['lit-external', external]] as const) {
      const lines = code.split('\n');
      assert.ok(lines.length <= 5, `${name}: ${lines.length} lines`);
      assert.doesNotMatch(code, /\/\*\*|\/\/ /, `${name}: a comment survived`);
      assert.doesNotMatch(code, /`[^`]*\n\s{2,}<[^`]*`/, `${name}: an html template kept its indentation`);
    }
    const languages = (code: string) => chunksOf(code).map((chunk) => chunk.replace(/-[\w-]{8}\.js$/, ''));
    // Every built-in language but English (which is inside), each a chunk of its own.
    assert.deepEqual(languages(main), LOCALES.filter((locale) => locale !== 'en').map((locale) => `locales/${locale}`).sort());
    assert.deepEqual(languages(external), languages(main), 'the same languages, each a chunk of its own');
    for (const chunk of chunksOf(main)) assert.ok(existsSync(join(ROOT, 'dist', chunk)), `dist/${chunk}`);
    for (const chunk of chunksOf(external)) assert.ok(existsSync(join(ROOT, 'dist/lit-external', chunk)), `dist/lit-external/${chunk}`);
  });
});

describe('npm pack, installed into a scratch project', () => {
  before(
    async () => {
      for (const file of ['dist/account-linker.js', 'dist/lit-external/account-linker.js', 'dist/mock/index.js', 'dist/mock/account-linker-mock.js', 'dist/types/index.d.ts', 'custom-elements.json']) {
        assert.ok(existsSync(join(ROOT, file)), `${file} is missing: run \`npm run build\` first`);
      }
      // No copy of an earlier run for the browser test to find if this one fails.
      rmSync(BROWSER_COPY, { recursive: true, force: true });
      work = mkdtempSync(join(tmpdir(), 'account-linker-pack-'));
      // --ignore-scripts: `prepare` would rebuild dist/ (npm test has just built it).
      const { stdout } = await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT);
      packed = (JSON.parse(stdout) as PackResult[])[0]!;
      tarball = join(work, packed.filename);

      project = join(work, 'project');
      mkdirSync(project);
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }, null, 2));
      const install = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', tarball];
      try {
        await npm([...install, '--offline'], project);
        installedWith = '--offline';
      } catch {
        await npm([...install, '--prefer-offline'], project);
        installedWith = '--prefer-offline';
      }
    },
    { timeout: 120_000 },
  );

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the tarball holds what users need and nothing else', () => {
    const files = packed.files.map(({ path }) => path).sort();
    const allowed = [
      /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|custom-elements\.json)$/,
      /^bin\/account-linker-(mock|conformance)\.mjs$/,
      /^examples\/seed\.json$/,
      /^dist\/account-linker\.js(\.map)?$/,
      /^dist\/locales\/[\w-]+\.js(\.map)?$/,
      /^dist\/chunks\/[\w-]+\.js(\.map)?$/,
      /^dist\/lit-external\/account-linker\.js(\.map)?$/,
      /^dist\/lit-external\/(locales|chunks)\/[\w-]+\.js(\.map)?$/,
      /^dist\/types\/[\w/-]+\.d\.ts$/,
      /^dist\/mock\/(index|account-linker-mock)\.js$/,
      /^dist\/mock\/types\/[\w/-]+\.d\.ts$/,
      /^dist\/(server|conformance)\/[\w-]+\.(js|d\.ts)(\.map)?$/,
      /^dist\/frameworks\/(react\.js(\.map)?|types\.js)$/,
    ];
    assert.deepEqual(files.filter((path) => !allowed.some((rule) => rule.test(path))), [], 'files no user needs');
    for (const needed of [
      'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'custom-elements.json', 'bin/account-linker-mock.mjs', 'examples/seed.json',
      'dist/account-linker.js', 'dist/lit-external/account-linker.js', 'dist/types/index.d.ts', 'dist/mock/index.js',
      'dist/mock/types/index.d.ts', 'dist/mock/account-linker-mock.js',
      ...chunksOf(read('dist/account-linker.js')).map((c) => `dist/${c}`),
      ...chunksOf(read('dist/lit-external/account-linker.js')).map((c) => `dist/lit-external/${c}`),
    ]) {
      assert.ok(files.includes(needed), `${needed} is packed`);
    }
    assert.ok(!files.some((path) => /^(src|test|demo|public|scripts)\//.test(path)), 'no sources, tests, demo or scripts');
    assert.ok(!files.includes('dist/mock/browser.js'), 'not the demo-only service-worker mock (msw inside)');
    assert.ok(packed.size < 500 * 1024, `packed size ${packed.size} B`);
    console.log(`# ${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(1)} kB packed, ${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked; installed ${installedWith}`);
  });

  test('package.json: MIT with a LICENSE, side effects only in the two define entries, every export exists', () => {
    const installed = join(project, 'node_modules', pkg.name);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      license: string;
      sideEffects: string[];
      exports: Record<string, string | Record<string, string>>;
      types: string;
      customElements: string;
      scripts: Record<string, string>;
    };
    assert.equal(manifest.license, 'MIT');
    assert.match(readFileSync(join(installed, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) 2026 account-linker contributors\n/);
    assert.match(readFileSync(join(installed, 'CHANGELOG.md'), 'utf8'), new RegExp(`## \\[${pkg.version.replace(/\./g, '\\.')}\\]`));
    assert.deepEqual(manifest.sideEffects, ['./dist/account-linker.js', './dist/lit-external/account-linker.js']);
    assert.equal(manifest.scripts['prepare'], 'npm run build', 'a git install builds dist/');
    assert.ok(!/test/.test(manifest.scripts['prepare']!), 'prepare runs no tests');
    const targets = Object.values(manifest.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
    for (const target of [...targets, manifest.types, manifest.customElements, ...manifest.sideEffects]) {
      assert.ok(existsSync(join(installed, target)), `${target} exists in the installed package`);
    }
    assert.deepEqual(Object.keys(manifest.exports).sort(), ['.', './custom-elements.json', './lit-external', './mock', './package.json', './react', './server', './types/preact', './types/react', './types/solid', './types/svelte', './types/vue']);
  });

  test('the command runs from the tarball without msw installed: npx account-linker-mock with the shipped seed', async () => {
    assert.ok(!existsSync(join(project, 'node_modules', 'msw')), 'msw is no dependency of the package');
    const bin = join(project, 'node_modules', '.bin', 'account-linker-mock');
    const help = await run(bin, ['--help'], { cwd: project });
    assert.match(help.stdout, /--seed/);
    const child = spawn(bin, ['--seed', 'node_modules/account-linker/examples/seed.json', '--port', '0', '--host', '127.0.0.1'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start in 15 s:\n${out}`)), 15_000);
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          const found = /Auth0 tenant at (\S+)/.exec(out)?.[1];
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
      });
      const discovery = (await (await fetch(new URL('/.well-known/openid-configuration', url))).json()) as { issuer: string };
      assert.equal(discovery.issuer, url);
    } finally {
      child.kill('SIGTERM');
    }
  });

  test('Node: each entry resolves; lit-external defines the element on Lit\'s server shim; the mock answers with the user\'s msw', async () => {
    // The user's own msw (a peer dependency): the repository's copy.
    symlinkSync(join(ROOT, 'node_modules', 'msw'), join(project, 'node_modules', 'msw'), 'dir');
    const out = await inProject(`
      import { readFileSync } from 'node:fs';
      import { fileURLToPath } from 'node:url';
      const out = {};
      const where = (id) => fileURLToPath(import.meta.resolve(id)).replace(process.cwd() + '/', '');
      out.resolved = Object.fromEntries(['account-linker', 'account-linker/lit-external', 'account-linker/mock', 'account-linker/custom-elements.json', 'lit'].map((id) => [id, where(id)]));
      const external = await import('account-linker/lit-external');
      out.externalExports = Object.keys(external).sort();
      out.defined = customElements.get('account-linker') === external.AccountLinker;
      try { await import('account-linker'); out.main = 'imported'; } catch (error) { out.main = error.name; }
      const mock = await import('account-linker/mock');
      const { setupServer } = await import('msw/node');
      const server = setupServer(...mock.createHandlers(mock.createTenant()));
      server.listen({ onUnhandledRequest: 'error' });
      const user = await fetch('https://tenant.example.com/api/v2/users/' + encodeURIComponent(mock.DEMO_USER_IDS.alice), {
        headers: { Authorization: 'Bearer ' + mock.DEMO_TOKENS.alice },
      });
      out.mockStatus = user.status;
      out.mockIdentities = (await user.json()).identities.length;
      server.close();
      const manifest = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve('account-linker/custom-elements.json')), 'utf8'));
      out.tags = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).map((d) => d.tagName);
      out.manifestPaths = manifest.modules.map((m) => m.path);
      console.log(JSON.stringify(out));
    `);
    assert.deepEqual(out['resolved'], {
      // Node takes the `node` condition: the lit-external build, on Lit's server shim.
      'account-linker': 'node_modules/account-linker/dist/lit-external/account-linker.js',
      'account-linker/lit-external': 'node_modules/account-linker/dist/lit-external/account-linker.js',
      'account-linker/mock': 'node_modules/account-linker/dist/mock/index.js',
      'account-linker/custom-elements.json': 'node_modules/account-linker/custom-elements.json',
      lit: 'node_modules/lit/index.js',
    });
    // Beside its API, the module exports its own internals under minified names: the chunks
    // (dist/chunks/) import them from it rather than from a shared chunk behind a facade.
    assert.deepEqual((out['externalExports'] as string[]).filter((name) => !/^[\w$]{1,2}$/.test(name)), ['AccountLinker', 'defaultStrings']);
    assert.equal(out['defined'], true, 'customElements.define ran with the installed lit');
    // The main entry imports in Node (issue 20): the self-contained build is the browsers'.
    assert.equal(out['main'], 'imported');
    assert.equal(out['mockStatus'], 200);
    assert.equal(out['mockIdentities'], 3);
    assert.deepEqual(out['tags'], ['account-linker']);
    // Tools open the modules the manifest names: they must be in the package.
    for (const path of out['manifestPaths'] as string[]) {
      assert.ok(existsSync(join(project, 'node_modules', 'account-linker', path)), `custom-elements.json names ${path}, which is not in the package`);
    }
    const lit = JSON.parse(readFileSync(join(project, 'node_modules', 'lit', 'package.json'), 'utf8')) as { version: string };
    assert.match(lit.version, /^3\.3\./, `lit ${lit.version} for ${pkg.dependencies['lit']}`);
  });

  test('types: a strict TypeScript app type-checks against all three entries', async () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        // skipLibCheck: the shipped .d.ts are emitted from sources the repository's typecheck checks;
        // here they must resolve through `exports` and type an app's use (checking Lit's, msw's and
        // the DOM's declarations again would triple the time).
        compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], strict: true, noEmit: true, skipLibCheck: true, types: [] },
        files: ['app.ts'],
      }),
    );
    writeFileSync(
      join(project, 'app.ts'),
      `import { AccountLinker, defaultStrings, type Identity, type ErrorCode, type TokenProvider } from 'account-linker';
import { AccountLinker as External } from 'account-linker/lit-external';
import { createHandlers, createTenant, DEMO_TOKENS } from 'account-linker/mock';

const el: AccountLinker = document.createElement('account-linker');
el.mode = 'management';
const provider: TokenProvider = async () => DEMO_TOKENS.alice;
el.tokenProvider = provider;
el.addEventListener('account-linked', (event) => {
  const identities: Identity[] = event.detail.identities;
  console.log(identities.length);
});
el.addEventListener('account-linker-error', (event) => {
  const code: ErrorCode = event.detail.code;
  console.log(code);
});
const same: typeof AccountLinker = External;
// @ts-expect-error: the element is typed, not any
el.notAnAttribute = true;
console.log(defaultStrings.addAccount, same, createHandlers(createTenant()).length);
`,
    );
    try {
      await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project });
    } catch (error) {
      const { stdout, stderr } = error as { stdout: string; stderr: string };
      assert.fail(`tsc:\n${stdout}${stderr}`);
    }
  });

  test('hands the installed project to the browser test, with the plain-HTML example beside node_modules', () => {
    rmSync(BROWSER_COPY, { recursive: true, force: true });
    mkdirSync(BROWSER_COPY, { recursive: true });
    for (const name of readdirSync(join(project, 'node_modules'))) {
      if (name === 'msw' || name === '.bin' || name.startsWith('.package-lock')) continue;
      cpSync(join(project, 'node_modules', name), join(BROWSER_COPY, 'node_modules', name), { recursive: true });
    }
    cpSync(join(ROOT, 'examples/plain-html/account.html'), join(BROWSER_COPY, 'account.html'));
    writeFileSync(join(BROWSER_COPY, 'packed.json'), JSON.stringify({ tarball: packed.filename, files: packed.files.length, at: new Date().toISOString() }));
    assert.ok(statSync(join(BROWSER_COPY, 'node_modules/account-linker/dist/account-linker.js')).size > 0);
    assert.ok(existsSync(join(BROWSER_COPY, 'node_modules/lit/index.js')));
  });
});
