/// <reference types="node" />
// The package entry: `account-linker/server` builds with tsconfig.server.json to ESM JavaScript with
// declarations that Node runs as is; package.json exports it; openid-client and node-auth0 are
// dependencies of that entry alone (the element's sources never import them).
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
// Inside the repository so that the built files resolve openid-client and auth0 from node_modules.
const OUT = join(ROOT, 'node_modules/.cache/account-linker-server-build-test');
after(() => rmSync(OUT, { recursive: true, force: true }));

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
  files: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(dir, file));
}

describe('account-linker/server as a package entry', () => {
  test('package.json: exports ./server (types, default), ships dist/server, builds it, depends on openid-client and auth0', () => {
    assert.deepEqual(pkg.exports['./server'], { types: './dist/server/index.d.ts', default: './dist/server/index.js' });
    assert.ok(pkg.files.includes('dist/server'));
    assert.match(pkg.scripts.build ?? '', /tsc -p tsconfig\.server\.json/);
    for (const name of ['openid-client', 'auth0']) {
      assert.ok(pkg.dependencies[name], `${name} is a dependency`);
      assert.equal(pkg.devDependencies[name], undefined, `${name} is not also a devDependency`);
    }
  });

  test("the element's sources never import the server entry or its libraries", () => {
    const offenders = sources('src')
      .filter((file) => !file.startsWith(join('src', 'server')))
      .filter((file) => /from\s+['"](openid-client|auth0)(\/[^'"]*)?['"]|from\s+['"][./]*server\//.test(readFileSync(join(ROOT, file), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  test('tsconfig.server.json compiles to ESM + .d.ts that Node imports and runs', async () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.server.json'), '--outDir', OUT], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.ok(existsSync(join(OUT, 'index.js')) && existsSync(join(OUT, 'index.d.ts')));
    const types = readFileSync(join(OUT, 'index.d.ts'), 'utf8');
    assert.match(types, /export declare function accountLinker\(options: AccountLinkerOptions\): AccountLinker;/);
    const built = (await import(pathToFileURL(join(OUT, 'index.js')).href)) as typeof import('../../../src/server/index.js');
    const linker = built.accountLinker({
      domain: 'tenant.example.com',
      clientId: 'c',
      clientSecret: 's',
      management: { clientId: 'm', clientSecret: 'n' },
      baseURL: 'https://app.example.com',
      endpoint: '/account/identities',
      secret: 'x'.repeat(32),
      user: () => null,
    });
    assert.equal(await linker.fetch(new Request('https://app.example.com/elsewhere')), null);
    const signedOut = await linker.fetch(new Request('https://app.example.com/account/identities'));
    assert.equal(signedOut?.status, 401);
    assert.equal(typeof linker.express(), 'function');
  });
});
