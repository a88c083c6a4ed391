/// <reference types="node" />
// The JSON seed of `account-linker-mock --seed`: every field checked and named when wrong; and the
// allowed-URL rules (callbacks, logout URLs, web origins) with the mock's wildcards.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CLIENTS, SEED_USERS, createTenant, isAllowedBy, parseSeed, SeedError, urlRuleProblem } from '../../../src/mock/index.js';
import { validateSeed, parseState, serializeState } from '../../../src/mock/seed-file.js';

const example = () => JSON.parse(readFileSync('examples/seed.json', 'utf8'));
const problems = (value: unknown) => {
  try {
    validateSeed(value);
  } catch (error) {
    assert.ok(error instanceof SeedError);
    return error.problems;
  }
  assert.fail('the seed was accepted');
};

describe('seed files', () => {
  test('examples/seed.json is a usable tenant, with Auth0\'s defaults filled in', () => {
    const seed = parseSeed(readFileSync('examples/seed.json', 'utf8'));
    assert.deepEqual(seed.clients.map((c) => c.client_id), ['my-spa', 'my-web-app', 'my-backend']);
    const [spa, web, backend] = seed.clients;
    assert.equal(spa!.token_endpoint_auth_method, 'none');
    assert.deepEqual(spa!.grant_types, ['authorization_code', 'refresh_token']);
    assert.equal(spa!.oidc_conformant, true);
    assert.equal(web!.token_endpoint_auth_method, 'client_secret_post');
    assert.deepEqual(backend!.grant_types, ['client_credentials']);
    const ada = seed.users[0]!;
    assert.equal(ada.email_verified, true);
    assert.equal(ada.picture, '/__mock/avatar/ada.svg');
    assert.equal(ada.identities[1]!.user_id, 1815, 'a numeric id stays a number');
    assert.equal(seed.users[1]!.nickname, 'grace', 'from the email');
    const tenant = createTenant({ seed });
    assert.equal(tenant.findClient('my-spa')?.name, 'My Single Page App');
    assert.equal(tenant.findClient('account-linker-demo'), undefined, 'nothing of the demo seed');
    assert.equal(tenant.isAllowedOrigin('http://localhost:5173'), true);
    assert.deepEqual(tenant.connections().sort(), ['Username-Password-Authentication', 'github', 'google-oauth2']);
  });

  test('the built-in demo tenant passes the same checks', () => {
    const seed = validateSeed(JSON.parse(JSON.stringify({ clients: CLIENTS, users: SEED_USERS })));
    assert.deepEqual(seed.clients, JSON.parse(JSON.stringify(CLIENTS)));
    assert.deepEqual(seed.users, JSON.parse(JSON.stringify(SEED_USERS)));
  });

  test('every field at fault is named, with what is wrong', () => {
    const seed = example();
    seed.clients[1].callbacks[0] = 'localhost:3000/callback';
    seed.clients[0].web_origins[1] = 'http://localhost:3000/app';
    seed.clients[0].client_secret = 'x';
    delete seed.clients[2].client_secret;
    seed.clients[1].app_type = 'desktop';
    seed.clients.push({ client_id: 'my-spa', app_type: 'spa', calbacks: [] });
    seed.users[0].identities[0].user_id = 'someone-else';
    seed.users[1].email = 'not-an-email';
    seed.users[2].identities = [];
    seed.users[3].identities[0].isSocial = 'yes';
    seed.users.push({ user_id: 'github|1815', identities: [{ provider: 'github', user_id: 1815, connection: 'github', isSocial: true }] });
    assert.deepEqual(problems(seed), [
      'clients[0].web_origins[1]: must be an origin without a path: http(s)://host[:port]',
      'clients[0].client_secret: a public client (token_endpoint_auth_method "none") has no secret',
      'clients[1].app_type: must be one of "spa", "regular_web", "non_interactive"',
      'clients[1].callbacks[0]: must be an absolute http(s) URL',
      'clients[2].client_secret: is required with token_endpoint_auth_method "client_secret_post"',
      'clients[3].calbacks: unknown field (known: client_id, name, app_type, token_endpoint_auth_method, client_secret, grant_types, scopes, oidc_conformant, callbacks, web_origins, allowed_logout_urls)',
      'clients[3].client_id: "my-spa" is used twice',
      'users[0].identities[0]: must be the user\'s own identity (provider|user_id = "auth0|ada")',
      'users[1].email: must be an email address',
      'users[2].identities: must hold at least the user\'s own identity',
      'users[3].identities[0].isSocial: must be true or false',
      'users[4].identities[0]: "github|1815" is already an identity of users[0]',
    ]);
  });

  test('the document itself: not an object, missing lists, no clients', () => {
    assert.deepEqual(problems([]), ['seed: must be an object']);
    assert.deepEqual(problems({}), ['clients: must be an array', 'users: must be an array']);
    assert.deepEqual(problems({ clients: [], users: [], tenant: 'x' }), ['seed.tenant: unknown field (known: clients, users)', 'clients: must hold at least one application']);
  });

  test('a JSON syntax error names its line and column', () => {
    assert.throws(() => parseSeed('{"clients": ['), /not valid JSON: it ends too early/);
    assert.throws(() => parseSeed('{\n  "clients": [,]\n}'), (error: unknown) => {
      assert.ok(error instanceof SeedError);
      assert.equal(error.problems[0], 'not valid JSON at line 2, column 15: unexpected ","');
      return true;
    });
  });

  test('state files round-trip, and a wrong one is refused field by field', () => {
    const tenant = createTenant();
    tenant.unlink('auth0|alice0001', 'github', '1234567');
    tenant.configure({ legacyLinking: false });
    const state = parseState(serializeState(tenant.exportState()));
    const other = createTenant();
    other.importState(state);
    assert.deepEqual(other.exportState(), tenant.exportState());
    assert.throws(() => parseState('{"version": 2, "users": [], "settings": {"colour": 1}}'), (error: unknown) => {
      assert.ok(error instanceof SeedError);
      assert.deepEqual(error.problems, ['state.version: must be 1', 'settings.colour: unknown field (known: legacyLinking)']);
      return true;
    });
  });
});

describe('allowed URLs (callbacks, logout URLs) and web origins', () => {
  test('wildcards: any port, one subdomain label, a path prefix; the query is not compared', () => {
    const rules = ['http://localhost:*/*', 'https://*.example.com/callback', 'https://app.example.com/account/*', 'https://exact.example:8443/cb'];
    for (const ok of [
      'http://localhost/x', 'http://localhost:3000/', 'http://localhost:3000/deep/path?q=1',
      'https://tenant1.example.com/callback', 'https://app.example.com/account/', 'https://app.example.com/account/x',
      'https://exact.example:8443/cb?state=1',
    ]) assert.equal(isAllowedBy(rules, ok), true, ok);
    for (const bad of [
      'https://localhost:3000/', 'http://127.0.0.1:3000/', 'https://a.b.example.com/callback', 'https://example.com/callback',
      'https://tenant1.example.com/callback/x', 'https://app.example.com/accounts', 'https://exact.example/cb',
      'http://localhost:3000/#frag', 'http://user:pw@localhost:3000/', 'javascript:alert(1)', 'not a url', '',
    ]) assert.equal(isAllowedBy(rules, bad), false, bad);
  });

  test('origins: exactly scheme://host[:port]; "null" and URLs with paths are no origin', () => {
    const rules = ['http://localhost:*', 'https://app.example.com', 'http://[::1]:8080'];
    for (const ok of ['http://localhost:5173', 'http://localhost', 'https://app.example.com', 'http://[::1]:8080']) assert.equal(isAllowedBy(rules, ok, 'origin'), true, ok);
    for (const bad of ['null', 'https://localhost:5173', 'https://app.example.com/', 'https://app.example.com:444', 'http://[::1]:8081'])
      assert.equal(isAllowedBy(rules, bad, 'origin'), false, bad);
  });

  test('rules that cannot work are named', () => {
    assert.equal(urlRuleProblem('ftp://x.example/', 'url'), 'must be an absolute http(s) URL');
    assert.equal(urlRuleProblem('https://x.example/cb?x=1', 'url'), 'must not have a query string or fragment (they are not compared)');
    assert.equal(urlRuleProblem('https://*.com/', 'url'), 'a wildcard host needs a domain under it (https://*.example.com)');
    assert.equal(urlRuleProblem('https://a.*.example.com/', 'url'), 'a wildcard may only stand for the first label of the host (https://*.example.com)');
    assert.equal(urlRuleProblem('https://x.example/*/cb', 'url'), 'a wildcard in the path may only end it (https://app.example.com/*)');
    assert.equal(urlRuleProblem('https://x.example:70000/', 'url'), 'has an invalid port');
    assert.equal(urlRuleProblem('https://x.example/app', 'origin'), 'must be an origin without a path: http(s)://host[:port]');
    assert.equal(urlRuleProblem('https://x.example:*', 'origin'), undefined);
  });
});
