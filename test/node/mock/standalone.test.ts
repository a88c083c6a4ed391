/// <reference types="node" />
// `account-linker-mock`, the stand-alone tenant, as users run it: the BUILT command
// (bin/account-linker-mock.mjs → dist/) in a real child process on a free port, driven over real
// HTTP(S) by node-auth0 (unchanged; over TLS with the printed certificate) and plain fetch.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { ManagementClient, Management } from 'auth0';
import { ensureBuiltCli, runMockProcess, startMockProcess, stopAll, type MockProcess } from '../mock-process.js';
import { base64urlEncode, decodeJwt } from '../../../src/mock/tokens.js';
import { checkManagementToken } from '../../../src/protocol/management-token.js';

const SEED = 'examples/seed.json';
const ADA = 'auth0|ada';
const GOOGLE = { provider: 'google-oauth2', user_id: '110000000000000000042' } as const;
const example = JSON.parse(readFileSync(SEED, 'utf8')) as { clients: Array<{ client_id: string; client_secret?: string }> };
const BACKEND = example.clients.find((c) => c.client_id === 'my-backend')!;

before(() => ensureBuiltCli());
after(() => stopAll());

/** A `fetch` that trusts `ca` (and nothing else) over https: what node-auth0's `fetch` option takes. */
function fetchTrusting(ca: string): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    return new Promise<Response>((resolve, reject) => {
      const req = httpsRequest(request.url, { method: request.method, headers: Object.fromEntries(request.headers), ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const one of [value ?? []].flat()) headers.append(name, one);
          }
          const status = res.statusCode ?? 500;
          resolve(new Response([204, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers }));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  };
}

/** A raw request with headers `fetch` will not send as given (Host). */
function rawRequest(url: URL, options: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A PKCE login at the tenant as the mock's /authorize page would be used; the code exchange's tokens. */
async function login(base: URL, f: typeof fetch, identity: string, params: { audience?: string; scope?: string; clientId?: string } = {}) {
  const verifier = base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64urlEncode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const redirectUri = 'http://localhost:3000/account';
  const query = new URLSearchParams({
    response_type: 'code', client_id: params.clientId ?? 'my-spa', redirect_uri: redirectUri, scope: params.scope ?? 'openid profile email',
    ...(params.audience ? { audience: params.audience } : {}),
    nonce: 'n-1', state: 's-1', code_challenge: challenge, code_challenge_method: 'S256',
  });
  const page = await f(new URL(`/authorize?${query}`, base));
  const html = await page.text();
  assert.equal(page.status, 200, html.slice(0, 300));
  const tx = /name="tx" value="([^"]+)"/.exec(html)![1]!;
  const decision = await f(new URL('/authorize/decision', base), { method: 'POST', redirect: 'manual', body: new URLSearchParams({ tx, identity }) });
  assert.equal(decision.status, 302);
  const code = new URL(decision.headers.get('Location')!).searchParams.get('code')!;
  const token = await f(new URL('/oauth/token', base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'authorization_code', client_id: params.clientId ?? 'my-spa', code, code_verifier: verifier, redirect_uri: redirectUri }),
  });
  assert.equal(token.status, 200);
  return (await token.json()) as { id_token: string; access_token: string };
}

const identityIds = (identities: Array<{ provider?: string; user_id?: string | number }>) =>
  identities.map((i) => `${i.provider}|${i.user_id}`).sort();

describe('over https (--tls): node-auth0 gets, links and unlinks', () => {
  let mock: MockProcess;
  let ca: string;
  let pem: string;
  let secure: typeof fetch;
  before(async () => {
    mock = await startMockProcess(['--port', '0', '--seed', SEED, '--tls']);
    pem = /PEM: (\S+)/.exec(mock.output().stdout)![1]!;
    ca = readFileSync(pem, 'utf8');
    secure = fetchTrusting(ca);
  });
  after(() => mock.stop());

  test('the banner names an https issuer, the PEM and its SHA-256 fingerprint; the server presents that certificate', async () => {
    assert.equal(mock.issuer.protocol, 'https:');
    const fingerprint = /SHA-256 fingerprint (\S+)/.exec(mock.output().stdout)![1];
    assert.equal(fingerprint, new X509Certificate(ca).fingerprint256);
    const discovery = await (await secure(new URL('/.well-known/openid-configuration', mock.issuer))).json();
    assert.equal(discovery.issuer, mock.issuer.href);
    // Not trusted without the certificate: it is self-signed.
    await assert.rejects(fetch(new URL('/.well-known/jwks.json', mock.issuer)));
  });

  test('ManagementClient (M2M client credentials): users.get, identities.link {provider, user_id}, identities.delete', async () => {
    const management = new ManagementClient({
      domain: mock.issuer.host,
      clientId: BACKEND.client_id,
      clientSecret: BACKEND.client_secret!,
      fetch: secure,
      maxRetries: 0,
    });
    const ada = await management.users.get(ADA);
    assert.equal(ada.email, 'ada@example.com');
    assert.deepEqual(identityIds(ada.identities ?? []), ['auth0|ada', 'github|1815']);
    const linked = await management.users.identities.link(ADA, GOOGLE);
    assert.deepEqual(identityIds(linked), ['auth0|ada', 'github|1815', `${GOOGLE.provider}|${GOOGLE.user_id}`]);
    const remaining = await management.users.identities.delete(ADA, 'google-oauth2', GOOGLE.user_id);
    assert.deepEqual(identityIds(remaining), ['auth0|ada', 'github|1815']);
    await assert.rejects(management.users.get('auth0|nobody'), Management.NotFoundError);
  });

  test('a banner token (the tenant issued it: RS256, aud <issuer>api/v2/) reads its user and links by link_with', async () => {
    const token = mock.tokens[ADA]!;
    const claims = decodeJwt(token)!.payload;
    assert.equal(claims.iss, mock.issuer.href);
    assert.deepEqual([claims.aud].flat()[0], `${mock.issuer.href}api/v2/`);
    assert.equal(claims.scope, 'openid profile email read:current_user update:current_user_identities');
    const browser = new ManagementClient({ domain: mock.issuer.host, token, fetch: secure, maxRetries: 0 });
    assert.equal((await browser.users.get(ADA)).name, 'Ada Lovelace');
    const { id_token } = await login(mock.issuer, secure, 'google-oauth2|110000000000000000042');
    const linked = await browser.users.identities.link(ADA, { link_with: id_token });
    assert.ok(identityIds(linked).includes('google-oauth2|110000000000000000042'));
    await browser.users.identities.delete(ADA, 'google-oauth2', GOOGLE.user_id);
    await assert.rejects(browser.users.get('auth0|grace'), Management.ForbiddenError, 'another user: unowned_resource');
  });

  test('NODE_EXTRA_CA_CERTS with the printed PEM: a child with node-auth0 and the global fetch, as the banner says', async () => {
    const script = `
      import { ManagementClient } from 'auth0';
      const m = new ManagementClient({ domain: process.argv[1], clientId: 'my-backend', clientSecret: process.argv[2], maxRetries: 0 });
      const user = await m.users.get('auth0|grace');
      console.log(JSON.stringify({ user_id: user.user_id }));`;
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, mock.issuer.host, BACKEND.client_secret!], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: pem },
      encoding: 'utf8',
      timeout: 20000,
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { user_id: 'auth0|grace' });
  });
});

describe('over http: CORS, the controls, --issuer', () => {
  let mock: MockProcess;
  before(async () => {
    mock = await startMockProcess(['--port', '0', '--seed', SEED]);
  });
  after(() => mock.stop());
  const at = (path: string) => new URL(path, mock.issuer);

  test('--port 0 printed the port it got, and the tenant answers there', async () => {
    assert.ok(mock.port > 0);
    assert.equal(mock.issuer.href, `http://127.0.0.1:${mock.port}/`);
    assert.equal((await fetch(at('/.well-known/jwks.json'))).status, 200);
  });

  test('CORS: an allowed web origin of the seed is echoed with Vary: Origin; any other origin gets no CORS headers', async () => {
    const userinfo = (origin: string) => fetch(at('/api/v2/users/auth0%7Cada'), { headers: { Authorization: `Bearer ${mock.tokens[ADA]}`, Origin: origin } });
    const allowed = await userinfo('http://localhost:5173');
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), 'http://localhost:5173');
    assert.match(allowed.headers.get('Vary') ?? '', /Origin/);
    for (const origin of ['https://app.example.com', 'http://evil.example', 'null']) {
      const refused = await userinfo(origin);
      assert.equal(refused.headers.get('Access-Control-Allow-Origin'), null, origin);
      assert.equal(refused.headers.get('Access-Control-Expose-Headers'), null, origin);
    }
    const preflight = await fetch(at('/oauth/token'), { method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), null);
    assert.equal(preflight.headers.get('Access-Control-Allow-Methods'), null);
  });

  test('the printed auth0-spa-js hint, copied as printed, logs in to a token the element accepts for management mode', async () => {
    const printed = /auth0-spa-js\s+(createAuth0Client\(.*?\}\s*\}\))/s.exec(mock.output().stdout)?.[1];
    assert.ok(printed, mock.output().stdout);
    const option = (name: string) => new RegExp(`\\b${name}: '([^']*)'`).exec(printed)?.[1];
    assert.equal(option('domain'), mock.issuer.origin);
    assert.equal(option('audience'), `${mock.issuer.origin}/api/v2/`, printed);
    const { access_token } = await login(mock.issuer, fetch, ADA, { clientId: option('clientId')!, audience: option('audience')!, scope: option('scope')! });
    assert.doesNotThrow(() => checkManagementToken(access_token));
    const me = await fetch(new URL(`/api/v2/users/${encodeURIComponent(ADA)}`, mock.issuer), { headers: { Authorization: `Bearer ${access_token}` } });
    assert.equal(me.status, 200);
  });

  test('the controls answer on a loopback Host only (DNS rebinding), and never another origin', async () => {
    const reset = (headers: Record<string, string>) => rawRequest(at('/__mock/reset'), { method: 'POST', headers });
    for (const host of ['evil.example', `rebound.example:${mock.port}`, `192.0.2.1:${mock.port}`, `localhost.evil.example:${mock.port}`]) {
      const refused = await reset({ Host: host });
      assert.equal(refused.status, 403, `Host: ${host}`);
      assert.match(refused.body, /loopback/);
    }
    assert.equal((await rawRequest(at('/__mock/settings'), { headers: { Host: 'evil.example' } })).status, 403);
    assert.equal((await reset({ Host: `localhost:${mock.port}` })).status, 204);
    assert.equal((await reset({ Host: `127.0.0.1:${mock.port}` })).status, 204);
    assert.equal((await reset({ Host: `127.0.0.1:${mock.port}`, Origin: 'http://localhost:5173' })).status, 403, 'cross-origin');
    // Bound to loopback, the tenant's own routes answer loopback names only too (issue 23, M5).
    assert.equal((await rawRequest(at('/.well-known/jwks.json'), { headers: { Host: 'evil.example' } })).status, 403);
    assert.equal((await rawRequest(at('/.well-known/jwks.json'), { headers: { Host: `localhost:${mock.port}` } })).status, 200);
  });

  test('--issuer: discovery and tokens carry the public URL, whatever Host the request had', async () => {
    const proxied = await startMockProcess(['--port', '0', '--seed', SEED, '--issuer', 'https://auth.example.test', '--quiet']);
    try {
      assert.equal(proxied.issuer.href, 'https://auth.example.test/');
      assert.equal(proxied.local.protocol, 'http:', 'TLS is the proxy\'s business');
      const discovery = JSON.parse((await rawRequest(new URL('/.well-known/openid-configuration', proxied.local))).body);
      assert.equal(discovery.issuer, 'https://auth.example.test/');
      assert.equal(discovery.token_endpoint, 'https://auth.example.test/oauth/token');
      const grant = await rawPost(new URL('/oauth/token', proxied.local), {
        grant_type: 'client_credentials', client_id: BACKEND.client_id, client_secret: BACKEND.client_secret!, audience: 'https://auth.example.test/api/v2/',
      });
      assert.equal(grant.status, 200, grant.body);
      assert.equal(decodeJwt(JSON.parse(grant.body).access_token)!.payload.iss, 'https://auth.example.test/');
      // Behind a proxy the Host is the public name: not loopback, so no controls.
      const reset = await rawRequest(new URL('/__mock/reset', proxied.local), { method: 'POST', headers: { Host: 'auth.example.test' } });
      assert.equal(reset.status, 403);
    } finally {
      await proxied.stop();
    }
  });
});

function rawPost(url: URL, fields: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(new URLSearchParams(fields).toString());
  });
}

describe('the command line', () => {
  test('--help prints the usage, exit 0; an unknown flag is an error with the usage, exit 2', async () => {
    const help = await runMockProcess(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: account-linker-mock \[options\]/);
    for (const flag of ['--seed', '--state', '--issuer', '--tls', '--quiet', '--port', '--host']) assert.ok(help.stdout.includes(flag), flag);
    for (const args of [['--bogus'], ['--port', 'x'], ['--issuer', 'https://auth.example.test/base'], ['stray'], ['--tls=yes']]) {
      const wrong = await runMockProcess(args);
      assert.equal(wrong.code, 2, args.join(' '));
      assert.match(wrong.stderr, /^account-linker-mock: .+\n\nUsage: account-linker-mock/, args.join(' '));
      assert.equal(wrong.stdout, '');
    }
    assert.match((await runMockProcess(['--bogus'])).stderr, /unknown option --bogus/);
  });

  test('a bad seed file is a clear error naming the field, exit 1, nothing served', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-seed-'));
    const seed = JSON.parse(readFileSync(SEED, 'utf8'));
    seed.clients[1].callbacks[0] = 'localhost:3000/callback';
    seed.users[0].identities[1].isSocial = 'yes';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(seed, null, 2));
    const bad = await runMockProcess(['--port', '0', '--seed', join(dir, 'bad.json')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /clients\[1\]\.callbacks\[0\]: must be an absolute http\(s\) URL/);
    assert.match(bad.stderr, /users\[0\]\.identities\[1\]\.isSocial: must be true or false/);
    assert.equal(bad.stdout, '', 'never started');

    writeFileSync(join(dir, 'broken.json'), '{\n  "clients": [\n    { "client_id": "x", }\n  ]\n}\n');
    const broken = await runMockProcess(['--seed', join(dir, 'broken.json')]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /not valid JSON at line 3, column \d+/);
    const missing = await runMockProcess(['--seed', join(dir, 'nope.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read --seed .*nope\.json/);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal} stops it cleanly: the port is closed, exit code 0`, async () => {
      const mock = await startMockProcess(['--port', '0']);
      const url = new URL('/.well-known/jwks.json', mock.issuer);
      // A kept-alive connection must not hold the exit up.
      assert.equal((await fetch(url, { headers: { Connection: 'keep-alive' } })).status, 200);
      const exit = await mock.stop(signal);
      assert.deepEqual(exit, { code: 0, signal: null });
      assert.match(mock.output().stdout, new RegExp(`stopped \\(${signal}\\)`));
      await assert.rejects(fetch(url), 'nothing listens any more');
    });
  }

  test('--host 0.0.0.0: the controls are off, even from this machine', async () => {
    const mock = await startMockProcess(['--port', '0', '--host', '0.0.0.0']);
    try {
      assert.match(mock.output().stdout, /Controls are off/);
      const reset = await fetch(new URL('/__mock/reset', mock.issuer), { method: 'POST' });
      assert.equal(reset.status, 403);
      assert.match((await reset.json()).error_description, /non-loopback/);
      assert.equal((await fetch(new URL('/.well-known/jwks.json', mock.issuer))).status, 200);
    } finally {
      await mock.stop();
    }
  });
});

describe('--state FILE', () => {
  const unlinkGithub = (mock: MockProcess) =>
    fetch(new URL('/api/v2/users/auth0%7Cada/identities/github/1815', mock.issuer), {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${mock.tokens[ADA]}` },
    });
  const adaIdentities = async (mock: MockProcess) => {
    const response = await fetch(new URL('/api/v2/users/auth0%7Cada', mock.issuer), { headers: { Authorization: `Bearer ${mock.tokens[ADA]}` } });
    assert.equal(response.status, 200);
    return identityIds((await response.json()).identities);
  };

  test('users and identities survive a restart; written atomically; /__mock/reset goes back to the seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-state-'));
    const file = join(dir, 'tenant.json');
    const first = await startMockProcess(['--port', '0', '--seed', SEED, '--state', file]);
    assert.equal((await unlinkGithub(first)).status, 200);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(saved.version, 1);
    assert.deepEqual(identityIds(saved.users.find((u: { user_id: string }) => u.user_id === ADA).identities), ['auth0|ada']);
    assert.deepEqual(await first.stop('SIGINT'), { code: 0, signal: null });

    const second = await startMockProcess(['--port', '0', '--seed', SEED, '--state', file]);
    try {
      assert.match(second.output().stdout, /state: kept in /);
      assert.deepEqual(await adaIdentities(second), ['auth0|ada'], 'the unlink outlived the restart');
      assert.ok(second.tokens['github|1815'], 'the unlinked identity is a user of its own again, with a token');
      assert.deepEqual(readdirSync(dir), ['tenant.json', 'tenant.json.lock'], 'no temporary file left; the running instance holds the lock');
      assert.equal((await fetch(new URL('/__mock/reset', second.issuer), { method: 'POST' })).status, 204);
      assert.deepEqual(await adaIdentities(second), ['auth0|ada', 'github|1815']);
    } finally {
      await second.stop();
    }
    assert.deepEqual(identityIds(JSON.parse(readFileSync(file, 'utf8')).users.find((u: { user_id: string }) => u.user_id === ADA).identities), ['auth0|ada', 'github|1815']);
    assert.deepEqual(readdirSync(dir), ['tenant.json'], 'the lock goes with the instance');
  });

  test('a corrupt state file is a clear error, exit 1, and is left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-state-'));
    const file = join(dir, 'tenant.json');
    for (const [text, problem] of [
      ['{"version": 1, "users": [', /not valid JSON/],
      ['{"version": 1, "users": [{"user_id": "auth0|x", "identities": []}], "settings": {}}', /users\[0\]\.identities: must hold at least/],
      ['{"version": 1, "users": [], "settings": {"legacyLinking": "no"}}', /settings\.legacyLinking: must be a boolean/],
    ] as const) {
      writeFileSync(file, text);
      const run = await runMockProcess(['--port', '0', '--state', file]);
      assert.equal(run.code, 1, text);
      assert.match(run.stderr, /--state .*tenant\.json cannot be read back \(fix or delete it\)/);
      assert.match(run.stderr, problem);
      assert.equal(readFileSync(file, 'utf8'), text);
    }
  });
});
