/// <reference types="node" />
// The README shows the examples' code: the snippets and the files under examples/ must not drift
// apart (the ASP.NET Core view and settings are checked in examples-aspnet.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const README = read('README.md');
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const blocks = (language: string) => [...README.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

test('the README\'s Express app is examples/express/app.mjs, verbatim', () => {
  const app = read('examples/express/app.mjs');
  assert.ok(blocks('js').includes(app), 'a ```js block of the README equals examples/express/app.mjs');
});

test('the README\'s plain page is the tag and script of examples/plain-html/account.html', () => {
  const page = read('examples/plain-html/account.html');
  const snippet = blocks('html').find((block) => block.startsWith('<!-- account.html -->'));
  assert.ok(snippet, 'the README has the account.html snippet');
  const part = (text: string, pattern: RegExp) => squash(pattern.exec(text)?.[0] ?? '');
  for (const pattern of [/<script type="module"[^>]*><\/script>/, /<account-linker[\s\S]*?<\/account-linker>/]) {
    assert.equal(part(snippet, pattern), part(page, pattern));
  }
});

test('the README\'s SPA recipe and examples/spa/app.js ask for the same audience and scopes and hand over tokenProvider alike', () => {
  const app = read('examples/spa/app.js');
  const recipe = blocks('js').find((block) => block.includes('createAuth0Client'));
  assert.ok(recipe, 'the README has the SPA recipe');
  const scope = (text: string) => /scope: '([^']+)'/.exec(text)?.[1];
  assert.equal(scope(app), scope(recipe));
  assert.equal(scope(app), 'openid profile email read:current_user update:current_user_identities');
  for (const line of ['linker.tokenProvider = () => auth0.getTokenSilently(); // asked whenever a token is needed', "linker.addEventListener('account-linked', (e) => console.log('now linked:', e.detail.identities));"]) {
    assert.ok(recipe.includes(line) && app.includes(line), line);
  }
  assert.match(recipe, /audience: `https:\/\/\$\{domain\}\/api\/v2\/`/);
  assert.match(app, /audience: `\$\{issuer\}\/api\/v2\/`/);
});
