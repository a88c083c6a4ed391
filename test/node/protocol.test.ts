// The DOM-free protocol modules of the component, run in Node to prove they need no DOM.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SCOPE, isLoopback, normalizeDomain, normalizeRedirectUri, readConfig } from '../../src/protocol/config.js';
import { LinkerError } from '../../src/protocol/errors.js';
import { identityKey, MAX_IDENTITIES, parseIdentities, parseIdentity, parseProfile, primaryIndex, readIdentities, safeImageUrl, splitUserId } from '../../src/protocol/identity.js';

const identityIds = (list: Array<{ provider: string; user_id: string | number }>) => list.map((i) => identityKey(i));
import { buildAuthorizeUrl, randomToken } from '../../src/protocol/authorize.js';
import { cleanReturnUrl, PendingLinks, readReturnParams, PENDING_KEY, type KeyValueStore, type LinkBinding } from '../../src/protocol/pending-link.js';
import { jwtClaims, tokenSubject } from '../../src/protocol/token.js';
import { checkToken, resolveToken } from '../../src/protocol/token-check.js';
import { mergeStrings, defaultStrings } from '../../src/i18n/strings.js';

const PAGE = 'https://app.example.com/account?x=1#top';

function fails(run: () => unknown, code: string, reason: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof LinkerError, `not a LinkerError: ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.reason, reason);
    return true;
  });
}

function jwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}.sig`;
}

describe('config', () => {
  it('turns a bare domain into an https origin and keeps explicit origins', () => {
    assert.equal(normalizeDomain('tenant.eu.auth0.com'), 'https://tenant.eu.auth0.com');
    assert.equal(normalizeDomain(' https://login.example.com/ '), 'https://login.example.com');
    assert.equal(normalizeDomain('http://localhost:8000'), 'http://localhost:8000');
    assert.equal(normalizeDomain('http://127.0.0.1:9'), 'http://127.0.0.1:9');
    assert.equal(normalizeDomain('http://[::1]:9'), 'http://[::1]:9');
  });

  it('rejects missing, malformed and insecure domains', () => {
    fails(() => normalizeDomain(''), 'invalid-config', 'domainMissing');
    fails(() => normalizeDomain('   '), 'invalid-config', 'domainMissing');
    for (const bad of ['not a domain', 'https://', 'tenant.example.com/path', 'ftp://tenant.example.com', 'https://u:p@tenant.example.com', 'tenant.example.com?x=1', 'javascript:alert(1)', 'tenant_example.com']) {
      fails(() => normalizeDomain(bad), 'invalid-config', 'domainInvalid');
    }
    fails(() => normalizeDomain('http://tenant.example.com'), 'invalid-config', 'domainInsecure');
    fails(() => normalizeDomain('http://localhost.evil.com'), 'invalid-config', 'domainInsecure');
  });

  it('knows the loopback hosts', () => {
    for (const host of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]']) assert.ok(isLoopback(host), host);
    for (const host of ['localhost.com', '128.0.0.1', '10.0.0.1', 'example.com']) assert.ok(!isLoopback(host), host);
  });

  it('defaults the redirect URI to the page without query and hash', () => {
    assert.equal(normalizeRedirectUri('', PAGE), 'https://app.example.com/account');
    assert.equal(normalizeRedirectUri('/callback?a=b', PAGE), 'https://app.example.com/callback?a=b');
    fails(() => normalizeRedirectUri('https://app.example.com/cb#frag', PAGE), 'invalid-config', 'redirectUriInvalid');
    fails(() => normalizeRedirectUri('javascript:alert(1)', PAGE), 'invalid-config', 'redirectUriInvalid');
    fails(() => normalizeRedirectUri('http://app.example.com/cb', PAGE), 'invalid-config', 'redirectUriInsecure');
    fails(() => normalizeRedirectUri('', 'http://app.example.com/'), 'invalid-config', 'redirectUriInsecure');
  });

  it('reads a whole configuration with defaults', () => {
    assert.deepEqual(readConfig({ domain: 'tenant.example.com', clientId: 'abc' }, PAGE), {
      origin: 'https://tenant.example.com',
      clientId: 'abc',
      redirectUri: 'https://app.example.com/account',
      scope: 'openid',
      connections: [],
      unlinkPath: '/unlink',
      // The contract's default: decided when the token is known (management for a Management API token).
      mode: 'auto',
      requestedScope: [],
      popup: false,
      allowUnverifiedEmail: false,
    });
    const config = readConfig(
      { domain: 'tenant.example.com', clientId: 'abc', connections: ' github  github google-oauth2 ', scope: 'openid  profile', unlinkPath: '/login/unlink', userId: 'oidc|corp|x' },
      PAGE,
    );
    assert.deepEqual(config.connections, ['github', 'google-oauth2']);
    assert.equal(config.scope, 'openid profile');
    assert.equal(config.unlinkPath, '/login/unlink');
    assert.equal(config.userId, 'oidc|corp|x');
    const flags = readConfig({ domain: 'tenant.example.com', clientId: 'abc', popup: true, allowUnverifiedEmail: true }, PAGE);
    assert.equal(flags.popup, true);
    assert.equal(flags.allowUnverifiedEmail, true);
  });

  it('reads management mode: its own default scope, and openid always included', () => {
    const base = { domain: 'tenant.example.com', clientId: 'abc' };
    const config = readConfig({ ...base, mode: ' management ' }, PAGE);
    assert.equal(config.mode, 'management');
    assert.equal(config.scope, DEFAULT_SCOPE.management);
    assert.equal(DEFAULT_SCOPE.management, 'openid profile email');
    assert.equal(DEFAULT_SCOPE.legacy, 'openid');
    assert.equal(readConfig({ ...base, mode: 'management', scope: 'profile email' }, PAGE).scope, 'openid profile email');
    assert.equal(readConfig({ ...base, mode: 'management', scope: 'email openid' }, PAGE).scope, 'email openid');
    // Legacy mode sends what the host asked for.
    assert.equal(readConfig({ ...base, mode: 'legacy', scope: 'profile' }, PAGE).scope, 'profile');
    assert.equal(readConfig({ ...base, mode: '' }, PAGE).mode, 'auto');
  });

  it('reads server mode: auto with an endpoint is server; the endpoint is a path or a URL of this origin', () => {
    const server = readConfig({ endpoint: '/account/identities' }, PAGE);
    assert.equal(server.mode, 'server');
    assert.equal(server.endpoint, 'https://app.example.com/account/identities');
    assert.equal(server.origin, 'https://app.example.com');
    // domain and client-id are the server's business: not required, not used.
    assert.equal(readConfig({ mode: 'server', endpoint: 'https://app.example.com/x/', domain: 'other.example.com' }, PAGE).endpoint, 'https://app.example.com/x');
    fails(() => readConfig({ mode: 'server' }, PAGE), 'invalid-config', 'endpointMissing');
    for (const endpoint of ['https://evil.example.com/x', '//evil.example.com/x', '/x?y=1', '/x#y', 'javascript:alert(1)', '/\\evil.example.com']) {
      fails(() => readConfig({ mode: 'server', endpoint }, PAGE), 'invalid-config', 'endpointInvalid');
    }
    // An endpoint beside mode="management": management, as asked.
    assert.equal(readConfig({ domain: 'tenant.example.com', clientId: 'abc', mode: 'management', endpoint: '/x' }, PAGE).mode, 'management');
  });

  it('rejects a bad client id, connection, scope, unlink path, mode or user id', () => {
    const base = { domain: 'tenant.example.com', clientId: 'abc' };
    fails(() => readConfig({ ...base, clientId: ' ' }, PAGE), 'invalid-config', 'clientIdMissing');
    fails(() => readConfig({ ...base, connections: 'github <script>' }, PAGE), 'invalid-config', 'connectionsInvalid');
    fails(() => readConfig({ ...base, scope: 'openid "x"' }, PAGE), 'invalid-config', 'scopeInvalid');
    for (const path of ['unlink', '//evil.example.com/unlink', '/unlink?x=1', 'https://evil.example.com/unlink']) {
      fails(() => readConfig({ ...base, unlinkPath: path }, PAGE), 'invalid-config', 'unlinkPathInvalid');
    }
    for (const mode of ['nonsense', 'Management', 'LEGACY', 'management-api']) {
      fails(() => readConfig({ ...base, mode }, PAGE), 'invalid-config', 'modeUnsupported');
    }
    fails(() => readConfig({ ...base, userId: 'alice0001' }, PAGE), 'invalid-config', 'userIdInvalid');
  });
});

describe('identity', () => {
  it('keeps only the known fields and drops IdP tokens', () => {
    const [identity] = parseIdentities([
      { provider: 'github', user_id: 42, connection: 'github', isSocial: true, access_token: 'gho_x', refresh_token: 'r', profileData: { name: ' Octo ', email: 'o@example.com', secret: 's', picture: 7 } },
    ]);
    assert.deepEqual(identity, { provider: 'github', user_id: 42, connection: 'github', isSocial: true, profileData: { name: 'Octo', email: 'o@example.com' } });
  });

  it('defaults a missing connection to the provider and isSocial to false', () => {
    assert.deepEqual(parseIdentities([{ provider: 'auth0', user_id: 'x' }]), [{ provider: 'auth0', user_id: 'x', connection: 'auth0', isSocial: false }]);
  });

  it('refuses a list that is not an array, or too long, with the code it is given', () => {
    for (const value of [{}, 'x', null, 42, { identities: [] }]) {
      fails(() => parseIdentities(value, 'invalid-config', 'identitiesInvalid'), 'invalid-config', 'identitiesInvalid');
      fails(() => parseIdentities(value), 'bad-response', 'badResponse');
    }
    const tooMany = Array.from({ length: MAX_IDENTITIES + 1 }, (_, i) => ({ provider: 'github', user_id: i }));
    fails(() => parseIdentities(tooMany), 'bad-response', 'badResponse');
    assert.equal(parseIdentities(tooMany.slice(1)).length, MAX_IDENTITIES);
  });

  it('rejects each wrong identity shape, and leaves it out of a list (counted)', () => {
    const badItems: unknown[] = [
      null,
      'x',
      { user_id: '1' },
      { provider: 'a|b', user_id: '1' },
      { provider: ' ', user_id: '1' },
      { provider: 'github', user_id: '' },
      { provider: 'github', user_id: 1.5 },
      { provider: 'github', user_id: -1 },
      { provider: 'github', user_id: '1', connection: 5 },
      { provider: 'github', user_id: '1', isSocial: 'true' },
      { provider: 'github', user_id: '1', profileData: [] },
    ];
    const good = { provider: 'auth0', user_id: 'ok' };
    for (const item of badItems) {
      fails(() => parseIdentity(item, 'invalid-config', 'identitiesInvalid'), 'invalid-config', 'identitiesInvalid');
      fails(() => parseIdentity(item), 'bad-response', 'badResponse');
      const read = readIdentities([good, item]);
      assert.deepEqual(identityIds(read.identities), ['auth0|ok'], JSON.stringify(item));
      assert.equal(read.skipped, 1, JSON.stringify(item));
    }
    // The same composite id twice (a number and its string): the first one stays.
    const twice = readIdentities([{ provider: 'github', user_id: 1 }, { provider: 'github', user_id: '1' }]);
    assert.deepEqual(twice.identities.map((i) => i.user_id), [1]);
    assert.equal(twice.skipped, 1);
    const profile = parseProfile({ user_id: 'auth0|ok', identities: [good, null] });
    assert.equal(profile.skipped, 1);
    assert.equal(parseProfile({ user_id: 'auth0|ok', identities: [good] }).skipped, undefined);
  });

  it('reads a profile, and says when it has no identities', () => {
    const profile = parseProfile({ user_id: 'auth0|1', name: 'A', picture: 'https://x.example/a.png', identities: [{ provider: 'auth0', user_id: '1' }] });
    assert.equal(profile.userId, 'auth0|1');
    assert.equal(profile.name, 'A');
    assert.equal(parseProfile({ sub: 'auth0|2', identities: [] }).userId, 'auth0|2');
    fails(() => parseProfile({ sub: 'auth0|2' }), 'bad-response', 'noIdentities');
    fails(() => parseProfile([]), 'bad-response', 'badResponse');
    fails(() => parseProfile('<html>'), 'bad-response', 'badResponse');
  });

  it('builds and splits composite ids on the first pipe only', () => {
    assert.equal(identityKey({ provider: 'github', user_id: 1234567 }), 'github|1234567');
    assert.deepEqual(splitUserId('oidc|corp|employee-42'), { provider: 'oidc', userId: 'corp|employee-42' });
    assert.equal(splitUserId('noprovider'), undefined);
    assert.equal(splitUserId('|x'), undefined);
    assert.equal(splitUserId('x|'), undefined);
  });

  it('finds the primary by id, comparing numbers as strings, else the first', () => {
    const list = parseIdentities([{ provider: 'auth0', user_id: 'a' }, { provider: 'github', user_id: 7 }]);
    assert.equal(primaryIndex(list, 'github|7'), 1);
    assert.equal(primaryIndex(list, 'auth0|a'), 0);
    assert.equal(primaryIndex(list, 'other|x'), 0);
    assert.equal(primaryIndex(list), 0);
    assert.equal(primaryIndex([], 'x|y'), -1);
  });

  it('allows only https (or loopback http) pictures', () => {
    assert.equal(safeImageUrl('https://cdn.example.com/a.png'), 'https://cdn.example.com/a.png');
    assert.equal(safeImageUrl('http://localhost:8000/a.svg'), 'http://localhost:8000/a.svg');
    for (const bad of ['javascript:alert(1)', 'data:text/html,<script>1</script>', 'data:image/png;base64,AAAA', 'http://evil.example.com/a.png', '//cdn.example.com/a.png', 'a.png', undefined]) {
      assert.equal(safeImageUrl(bad), undefined, String(bad));
    }
  });
});

describe('token', () => {
  it('accepts opaque and JWT tokens, trimmed', () => {
    assert.equal(checkToken('  opaque123  '), 'opaque123');
    const token = jwt({ sub: 'auth0|1', exp: Math.floor(Date.now() / 1000) + 60 });
    assert.equal(checkToken(token), token);
  });

  it('rejects missing, "Bearer …" and expired tokens', () => {
    fails(() => checkToken(''), 'missing-token', 'tokenMissing');
    fails(() => checkToken(undefined), 'missing-token', 'tokenMissing');
    fails(() => checkToken('Bearer abc'), 'missing-token', 'tokenMalformed');
    fails(() => checkToken('abc\u00e9'), 'missing-token', 'tokenMalformed');
    fails(() => checkToken(jwt({ exp: 1 })), 'missing-token', 'tokenExpired');
  });

  it('asks the provider only when there is no token, and reports its failures', async () => {
    assert.equal(await resolveToken('given', () => 'provided'), 'given');
    assert.equal(await resolveToken('', async () => 'provided'), 'provided');
    await assert.rejects(resolveToken('', () => Promise.reject(new Error('x'))), { code: 'missing-token', reason: 'tokenProviderFailed' });
    await assert.rejects(resolveToken('', () => '' as string), { code: 'missing-token', reason: 'tokenProviderFailed' });
    await assert.rejects(resolveToken(undefined, undefined), { code: 'missing-token', reason: 'tokenMissing' });
  });

  it('reads claims without trusting them, and a `sub` only when it is a user id', () => {
    assert.deepEqual(jwtClaims(jwt({ sub: 'auth0|1' })), { sub: 'auth0|1' });
    assert.equal(jwtClaims('opaque'), undefined);
    assert.equal(jwtClaims('a.!!!.c'), undefined);
    assert.equal(tokenSubject(jwt({ sub: 'auth0|1' })), 'auth0|1');
    assert.equal(tokenSubject(jwt({ sub: 'client@clients' })), undefined);
  });
});

describe('authorize URL', () => {
  const config = readConfig({ domain: 'tenant.example.com', clientId: 'id with&symbols', redirectUri: 'https://app.example.com/cb?a=1&b=2' }, PAGE);

  it('carries every parameter, URL-encoded, in the documented order', () => {
    const url = buildAuthorizeUrl(config, { state: 'S1', connection: 'github', accessToken: 'tok.en+/=' });
    assert.equal(
      url,
      'https://tenant.example.com/authorize?response_type=code&client_id=id+with%26symbols&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fa%3D1%26b%3D2&scope=openid&state=S1&connection=github&access_token=tok.en%2B%2F%3D',
    );
    const query = new URL(url).searchParams;
    assert.equal(query.get('access_token'), 'tok.en+/=');
    assert.equal(query.get('redirect_uri'), 'https://app.example.com/cb?a=1&b=2');
  });

  it('leaves out connection and token when not given', () => {
    const query = new URL(buildAuthorizeUrl(config, { state: 'S' })).searchParams;
    assert.equal(query.has('connection'), false);
    assert.equal(query.has('access_token'), false);
  });

  it('adds the extra parameters after state and before connection', () => {
    const url = buildAuthorizeUrl(config, { state: 'S', connection: 'github', extra: { nonce: 'n 1', prompt: 'login' } });
    assert.equal(
      url,
      'https://tenant.example.com/authorize?response_type=code&client_id=id+with%26symbols&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fa%3D1%26b%3D2&scope=openid&state=S&nonce=n+1&prompt=login&connection=github',
    );
  });

  it('makes unguessable, URL-safe states', () => {
    const states = new Set(Array.from({ length: 50 }, () => randomToken()));
    assert.equal(states.size, 50);
    for (const state of states) assert.match(state, /^[A-Za-z0-9_-]{43}$/);
  });
});

describe('pending links', () => {
  function memory(): KeyValueStore & { data: Map<string, string> } {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
  }

  const BINDING: LinkBinding = { origin: 'https://tenant.example.com', clientId: 'abc', redirectUri: 'https://app.example.com/account' };

  it('takes a saved state once, with its binding and secrets', () => {
    const store = memory();
    const links = new PendingLinks(store, () => 1000);
    links.save({ state: 'a', connection: 'github', ...BINDING, codeVerifier: 'v', nonce: 'n', known: ['auth0|1'] });
    assert.deepEqual(links.take('a', BINDING), {
      status: 'ok',
      link: { state: 'a', connection: 'github', ...BINDING, codeVerifier: 'v', nonce: 'n', known: ['auth0|1'], createdAt: 1000 },
    });
    assert.deepEqual(links.take('a', BINDING), { status: 'unknown' });
    assert.equal(store.data.has(PENDING_KEY), false);
  });

  it('keeps several pending states apart', () => {
    const links = new PendingLinks(memory(), () => 0);
    links.save({ state: 'a', ...BINDING });
    links.save({ state: 'b', ...BINDING });
    assert.equal(links.take('b', BINDING).status, 'ok');
    assert.equal(links.take('a', BINDING).status, 'ok');
  });

  it("leaves another element's link where it is (another tenant, client or redirect URI)", () => {
    const store = memory();
    const links = new PendingLinks(store, () => 0);
    links.save({ state: 'a', ...BINDING, nonce: 'n' });
    for (const other of [
      { ...BINDING, origin: 'https://other.example.com' },
      { ...BINDING, clientId: 'xyz' },
      { ...BINDING, redirectUri: 'https://app.example.com/other' },
    ]) {
      assert.deepEqual(links.take('a', other), { status: 'foreign' });
    }
    const taken = links.take('a', BINDING);
    assert.equal(taken.status, 'ok');
    assert.equal(taken.status === 'ok' && taken.link.nonce, 'n');
    assert.equal(links.take('a', BINDING).status, 'unknown');
  });

  it('expires after 10 minutes', () => {
    let now = 0;
    const links = new PendingLinks(memory(), () => now);
    links.save({ state: 'a', ...BINDING });
    links.save({ state: 'b', ...BINDING });
    now = 10 * 60 * 1000;
    assert.equal(links.take('a', BINDING).status, 'ok');
    now += 1;
    const expired = links.take('b', BINDING);
    assert.equal(expired.status, 'expired');
    assert.equal(expired.status === 'expired' && expired.link.state, 'b');
    assert.equal(links.take('b', BINDING).status, 'unknown');
  });

  it('ignores unknown, prototype-like and tampered entries', () => {
    const store = memory();
    const links = new PendingLinks(store, () => 0);
    assert.equal(links.take('__proto__', BINDING).status, 'unknown');
    assert.equal(links.take('constructor', BINDING).status, 'unknown');
    store.setItem(PENDING_KEY, '{"x":{"state":"y","createdAt":0},"z":"junk"}');
    assert.equal(links.take('x', BINDING).status, 'unknown');
    store.setItem(PENDING_KEY, 'not json');
    assert.equal(links.take('x', BINDING).status, 'unknown');
    const entry = { state: 'x', createdAt: 0, ...BINDING };
    for (const tampered of [
      { ...entry, origin: undefined },
      { ...entry, clientId: 1 },
      { ...entry, redirectUri: null },
      { ...entry, codeVerifier: 5 },
      { ...entry, nonce: {} },
      { ...entry, connection: [] },
      { ...entry, known: 'auth0|1' },
      { ...entry, known: [1] },
      { ...entry, createdAt: '0' },
    ]) {
      store.setItem(PENDING_KEY, JSON.stringify({ x: tampered }));
      assert.equal(links.take('x', BINDING).status, 'unknown', JSON.stringify(tampered));
    }
    store.setItem(PENDING_KEY, JSON.stringify({ x: entry }));
    assert.equal(links.take('x', BINDING).status, 'ok');
  });

  it('survives a store that throws', () => {
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
      removeItem: () => {
        throw new Error('blocked');
      },
    };
    const links = new PendingLinks(broken);
    // A link that could not come back is not started (issue 23 E4): a clear error, not a silent loss.
    assert.throws(() => links.save({ state: 'a', ...BINDING }), { code: 'invalid-config', reason: 'storageUnavailable' });
    assert.equal(links.take('a', BINDING).status, 'unknown');
  });
});

describe('names on show', () => {
  it('drop what shows nothing yet splits or breaks a name, and keep the joiners scripts need', async () => {
    const { displayText } = await import('../../src/protocol/identity.js');
    assert.equal(displayText('al\u200Bice@exam\u00ADple.com\uFEFF'), 'alice@example.com');
    assert.equal(displayText('line\u2028break\u2029here\u2060'), 'linebreakhere');
    assert.equal(displayText('\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645'), '\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645');
    assert.equal(displayText('\u{1F469}\u200D\u{1F4BB}'), '\u{1F469}\u200D\u{1F4BB}');
  });
});

describe('return URL', () => {
  it('reads code or error with state, and nothing else', () => {
    assert.deepEqual(readReturnParams('https://a.example/cb?code=c&state=s'), { state: 's', code: 'c' });
    assert.deepEqual(readReturnParams('https://a.example/cb?error=access_denied&error_description=No%20way&state=s'), {
      state: 's',
      error: 'access_denied',
      errorDescription: 'No way',
    });
    assert.equal(readReturnParams('https://a.example/cb?code=c'), undefined);
    assert.equal(readReturnParams('https://a.example/cb?state=s'), undefined);
    assert.equal(readReturnParams('https://a.example/cb'), undefined);
  });

  it('removes only the response parameters', () => {
    assert.equal(cleanReturnUrl('https://a.example/cb?tab=1&code=c&state=s&error=e&error_description=d#x'), 'https://a.example/cb?tab=1#x');
    assert.equal(cleanReturnUrl('https://a.example/cb?code=c&state=s'), 'https://a.example/cb');
  });
});

describe('strings', () => {
  it('merges overrides over the defaults, one level deep', () => {
    const merged = mergeStrings({ addAccount: 'Konto hinzufügen', errors: { network: 'Netzwerkfehler' } as never, providers: { github: 'GH' } });
    assert.equal(merged.addAccount, 'Konto hinzufügen');
    assert.equal(merged.unlink, defaultStrings.unlink);
    assert.equal(merged.errors.network, 'Netzwerkfehler');
    assert.equal(merged.errors.tokenMissing, defaultStrings.errors.tokenMissing);
    assert.equal(merged.providers['github'], 'GH');
    assert.equal(merged.providers['auth0'], defaultStrings.providers['auth0']);
    assert.equal(mergeStrings(undefined), defaultStrings);
  });
});
