/// <reference types="node" />
// `account-linker-conformance` against account-linker/server in a real Express app on a loopback
// port, signing in at the stand-alone mock (the built `account-linker-mock` as a child process):
// every duty ok; then the same server with one guard removed, each time: the command fails and
// names the duty. Also the built command itself (`--help`, a whole run, its exit codes).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ensureBuiltCli, startMockProcess, stopAll, type MockProcess } from '../mock-process.js';
import { main, parseCliArgs, tokensIn, DUTIES, UsageError, type Duty } from '../../../src/conformance/index.js';
import { DEFAULT_OTHER_USER, DEFAULT_USER, M2M, NOT_SUGGESTED_ACCOUNT, SEED_SECRETS, SPARE_ACCOUNTS, SUGGESTED_ACCOUNT, UNVERIFIED_ACCOUNT } from '../../../src/conformance/seed.js';
import { DEMO_USER_IDS, M2M_CLIENT_ID, M2M_CLIENT_SECRET, REGULAR_CLIENT_SECRET, SPARE_USER_IDS } from '../../../src/mock/index.js';
import { ENDPOINT, startApp, type Guard, type TestApp } from './app.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../../bin/account-linker-conformance.mjs', import.meta.url));

let mock: MockProcess;
let app: TestApp;
let tenant: string;

before(async () => {
  await ensureBuiltCli();
  mock = await startMockProcess(['--port', '0', '--quiet']);
  tenant = mock.issuer.origin;
  app = await startApp(tenant);
});

after(async () => {
  await app?.close();
  await stopAll();
});

/** Runs the command's main() with `args`: the exit code, the lines by duty, and all it printed. */
async function conformance(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (text) => void (out += text), err: (text) => void (err += text) });
  const lines = new Map<string, { status: string; detail: string }>();
  for (const line of out.split('\n')) {
    const match = /^(ok|FAIL|skip)\s+(\S+)\s+(.*)$/.exec(line);
    if (match) lines.set(match[2]!, { status: match[1]!, detail: match[3]! });
  }
  return { code, lines, out, err };
}

const standard = () => ['--app', app.base, '--endpoint', ENDPOINT, '--login', '/account', '--tenant', tenant];
const failed = (lines: Map<string, { status: string }>) => [...lines].filter(([, line]) => line.status === 'FAIL').map(([duty]) => duty);

describe('account-linker-conformance against account-linker/server (Express, the stand-alone mock)', () => {
  test('every duty ok, exit code 0, and the tenant left as it was (a second run passes too)', async () => {
    for (const run of [1, 2]) {
      const { code, lines, out } = await conformance(standard());
      assert.deepEqual(failed(lines), [], out);
      assert.deepEqual([...lines.keys()], DUTIES.map(([duty]) => duty), out);
      assert.ok([...lines.values()].every((line) => line.status === 'ok'), out);
      assert.equal(code, 0, `run ${run}:\n${out}`);
      assert.match(out, /^20 ok, 0 FAIL, 0 skipped \(\d+\.\d s\)$/m);
    }
  });

  const broken: Array<[Guard, Duty[]]> = [
    ['csrf', ['csrf-header', 'csrf-origin', 'csrf-fetch-site']],
    ['return-to', ['return-to']],
    ['signed-out', ['signed-out']],
    ['session-binding', ['callback-other-session']],
    ['token-leak', ['no-tokens']],
    ['result-reuse', ['result-single-use', 'callback-replay']],
    ['idp-tokens', ['list']],
    // Without prompt=login the tenant answers from its session at once: no journey can pick an account.
    ['link-url', ['link-url', 'link-journey', 'callback-other-session', 'code-injection', 'unverified-email', 'own-account']],
    ['return-says-more', ['link-journey']],
    ['primary', ['unlink-primary']],
    ['foreign', ['unlink-foreign']],
    ['suggestions', ['suggestions']],
    ['suggestions-unverified', ['suggestions']],
    ['suggestions-missing', ['suggestions']],
    ['suggestions-token', ['suggestions']],
    ['suggestions-stale', ['suggestions']],
  ];
  for (const [guard, duties] of broken) {
    test(`a server without its ${guard} guard: exit code 1, FAIL ${duties.join(', ')}`, async () => {
      app.breakGuard(guard);
      try {
        const { code, lines, out } = await conformance(standard());
        assert.equal(code, 1, out);
        assert.deepEqual(failed(lines), duties, out);
        for (const duty of duties) assert.ok(lines.get(duty)!.detail.length > 10, `${duty} says why:\n${out}`);
      } finally {
        app.breakGuard('none');
      }
      // The tenant is as it was: the next run passes.
      const again = await conformance(standard());
      assert.equal(again.code, 0, again.out);
    });
  }

  test('an unverified email let through (the linker\'s tenant says every email is verified): FAIL unverified-email', async () => {
    const { startVerifyingProxy } = await import('./verifying-proxy.js');
    const proxy = await startVerifyingProxy(tenant);
    const lax = await startApp(tenant, proxy.origin);
    try {
      const { code, lines, out } = await conformance(['--app', lax.base, '--endpoint', ENDPOINT, '--login', '/account']);
      assert.equal(code, 1, out);
      assert.deepEqual(failed(lines), ['unverified-email'], out);
      assert.match(lines.get('unverified-email')!.detail, /oauth2\|gitea\|4242 \(email not verified\) was linked \(oauth2\|gitea\|4242 unlinked again\)/);
    } finally {
      await lax.close();
      await proxy.close();
    }
    assert.equal((await conformance(standard())).code, 0, 'the tenant as it was');
  });

  test("an app whose own sign-in comes back by form_post (as ASP.NET Core's): --login posts the tenant's form, every duty ok", async () => {
    const formPost = await startApp(tenant, tenant, 'form_post');
    try {
      const { code, out } = await conformance(['--app', formPost.base, '--endpoint', ENDPOINT, '--login', '/account', '--tenant', tenant]);
      assert.equal(code, 0, out);
      assert.equal(formPost.formPosts(), 2, 'both sign-ins came back by form_post');
    } finally {
      await formPost.close();
    }
  });

  test('with one session from --cookie and no second one: the two-session duties are skipped, exit code 3', async () => {
    // The app's session cookie, as a person would copy it from their browser.
    const { Browser } = await import('../../../src/conformance/browser.js');
    const site = { app: app.base, endpoint: ENDPOINT, timeout: 10000, seen: [] };
    const browser = new Browser(site, 'test');
    let response = await browser.navigate(`${app.base}/account`);
    let at = `${app.base}/account`;
    const { pickAtTenant } = await import('../../../src/conformance/browser.js');
    while (response.status === 302) {
      at = new URL(response.headers.get('Location')!, at).href;
      if (at.startsWith(tenant)) {
        const back = await pickAtTenant(browser, at, DEMO_USER_IDS.alice);
        response = await browser.arrive(back, tenant);
        at = back.url;
      } else response = await browser.navigate(at);
    }
    const cookie = browser.jar(app.base).header();
    assert.match(cookie, /appSession=/);
    const { code, lines, out } = await conformance(['--app', app.base, '--endpoint', ENDPOINT, '--cookie', cookie]);
    assert.equal(code, 3, out);
    assert.deepEqual(failed(lines), [], out);
    assert.deepEqual(
      [...lines].filter(([, line]) => line.status === 'skip').map(([duty]) => duty),
      ['callback-other-session', 'code-injection'],
      out,
    );
    assert.match(lines.get('unlink-foreign')!.detail, /no second session/);
  });

  test('a wrong session: --user names another user than the session is, sign-in FAILs and the rest is skipped', async () => {
    const { code, lines, out } = await conformance([...standard(), '--user', DEMO_USER_IDS.carol, '--other-user', DEMO_USER_IDS.carol]);
    assert.equal(code, 1, out);
    assert.equal(lines.get('sign-in')!.status, 'FAIL');
    assert.match(lines.get('sign-in')!.detail, /second session is auth0\|carol0003 too/);
  });

  test('an app that is not running: FAIL with the reason, no crash', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { code, lines, out } = await conformance(['--app', `http://127.0.0.1:${port}`, '--endpoint', ENDPOINT, '--login', '/account']);
    assert.equal(code, 1, out);
    assert.match(lines.get('sign-in')!.detail, /ECONNREFUSED/);
    assert.equal(lines.get('signed-out')!.status, 'FAIL');
  });
});

describe('the command line', () => {
  test('bad command lines: exit code 2 with the reason and the usage', async () => {
    for (const [args, reason] of [
      [['--endpoint', ENDPOINT, '--login', '/a'], /--app is required/],
      [['--app', 'http://x.test', '--login', '/a'], /--endpoint is required/],
      [['--app', 'http://x.test', '--endpoint', ENDPOINT], /--login PATH .* or --cookie/],
      [['--app', 'http://x.test/path', '--endpoint', ENDPOINT, '--login', '/a'], /--app must be an http\(s\) origin/],
      [['--app', 'http://x.test', '--endpoint', 'identities', '--login', '/a'], /--endpoint must be a path/],
      [['--app', 'http://x.test', '--endpoint', ENDPOINT, '--login', '//evil'], /--login must be a path/],
      [['--app', 'http://x.test', '--endpoint', ENDPOINT, '--login', '/a', '--user', 'alice'], /--user must be a user id/],
      [['--app', 'http://x.test', '--endpoint', ENDPOINT, '--login', '/a', '--suggested', 'apple'], /--suggested must be a user id/],
      [['--app', 'http://x.test', '--endpoint', ENDPOINT, '--login', '/a', '--not-suggested', 'a b|c'], /--not-suggested must be a user id/],
      [['--app', 'http://x.test', '--endpoint', ENDPOINT, '--login', '/a', '--timeout', '0'], /--timeout/],
      [['--app', 'http://x.test', '--endpoint', ENDPOINT, '--login', '/a', '--nope'], /Unknown option '--nope'/],
    ] as Array<[string[], RegExp]>) {
      const { code, err } = await conformance(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, reason);
      assert.match(err, /Usage: account-linker-conformance/);
    }
    assert.throws(() => parseCliArgs(['--app', 'ftp://x', '--endpoint', '/e', '--login', '/a']), UsageError);
    assert.deepEqual(
      parseCliArgs(['--app', 'http://x.test', '--endpoint', '/e', '--login', '/a', '--suggested', 'apple|001.a.1', '--not-suggested', 'oauth2|forum|6']),
      { app: 'http://x.test', endpoint: '/e', login: '/a', suggested: 'apple|001.a.1', notSuggested: 'oauth2|forum|6', timeout: 15000 },
    );
  });

  test('the built command: --help names every option and duty; a whole run prints the lines, exit code 0', async () => {
    const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.conformance.json'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stdout + build.stderr);
    const help = spawnSync(process.execPath, [BIN, '--help'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(help.status, 0);
    for (const option of ['--app', '--endpoint', '--login', '--cookie', '--other-cookie', '--tenant', '--user', '--other-user', '--link', '--unverified', '--suggested', '--not-suggested', '--return-to', '--timeout']) {
      assert.ok(help.stdout.includes(`  ${option} `), option);
    }
    for (const [duty] of DUTIES) assert.ok(help.stdout.includes(`  ${duty} `), duty);
    const child = spawn(process.execPath, [BIN, ...standard()], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (out += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, out);
    assert.equal(out.split('\n').filter((line) => line.startsWith('ok ')).length, DUTIES.length, out);
  });
});

describe('what the command knows', () => {
  test("the demo seed's users, spare accounts and secrets are the mock's", () => {
    assert.equal(DEFAULT_USER, DEMO_USER_IDS.alice);
    assert.equal(DEFAULT_OTHER_USER, DEMO_USER_IDS.bob);
    assert.deepEqual(SPARE_ACCOUNTS, [SPARE_USER_IDS.github, SPARE_USER_IDS.google, SPARE_USER_IDS.facebook, SPARE_USER_IDS.microsoft]);
    assert.equal(UNVERIFIED_ACCOUNT, SPARE_USER_IDS.unverified);
    assert.equal(SUGGESTED_ACCOUNT, SPARE_USER_IDS.aliceApple);
    assert.equal(NOT_SUGGESTED_ACCOUNT, SPARE_USER_IDS.aliceImpostor);
    assert.deepEqual(M2M, { clientId: M2M_CLIENT_ID, clientSecret: M2M_CLIENT_SECRET });
    assert.ok(SEED_SECRETS.includes(REGULAR_CLIENT_SECRET) && SEED_SECRETS.includes(M2M_CLIENT_SECRET));
  });

  test('the token scan: a JWT or JWE naming the tenant, a mock refresh token, a secret; not a sealed cookie or the app\'s own JWE', () => {
    const t = 'http://127.0.0.1:4400';
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const jwt = `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ iss: `${t}/`, sub: 'auth0|alice0001' })}.c2ln`;
    assert.equal(tokensIn(`x-debug: ${jwt}`, t).length, 1);
    assert.equal(tokensIn(`Location: /a?t=${encodeURIComponent(jwt)}`, t).length, 1);
    assert.equal(tokensIn(`{"t":"${b64({ alg: 'dir', enc: 'A256GCM', iss: `${t}/` })}..a.b.c"}`, t).length, 1);
    assert.equal(tokensIn(`"refresh": "v1.${'A'.repeat(43)}"`, t).length, 1);
    assert.equal(tokensIn('m2m-secret-not-for-production', t, SEED_SECRETS).length, 1);
    assert.deepEqual(tokensIn(`Set-Cookie: account_linker_tx=v1.${'A'.repeat(43)}-${'B'.repeat(80)}; HttpOnly`, t), []);
    assert.deepEqual(tokensIn(`Set-Cookie: appSession=${b64({ alg: 'dir', enc: 'A256GCM', uat: 1 })}..x.y.z`, t), []);
    assert.deepEqual(tokensIn(`${b64({ iss: 'http://127.0.0.1:4401/' })}.x.y`, t), [], 'another tenant');
  });
});
