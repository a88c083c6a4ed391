// checkIdToken: every claim a browser can check on the second account's ID token before it is
// sent to Auth0 as `link_with` (auth0-spa-js's checks; protocol.md "ID token checks").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkIdToken, type IdTokenExpectations } from '../../src/protocol/id-token.js';
import { LinkerError } from '../../src/protocol/errors.js';

const NOW = 1_700_000_000;
const ISSUER = 'https://tenant.example.com/';
const CLIENT = 'account-linker-demo';
const NONCE = 'nonce-123';

const enc = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }) =>
  `${enc(header)}.${enc(claims)}.c2lnbmF0dXJl`;

const CLAIMS = {
  iss: ISSUER,
  sub: 'github|7654321',
  aud: CLIENT,
  nonce: NONCE,
  iat: NOW - 5,
  exp: NOW + 3600,
  auth_time: NOW - 5,
  email: 'octo@example.com',
  email_verified: true,
  name: 'Octo',
};

const EXPECTED: IdTokenExpectations = { issuer: ISSUER, clientId: CLIENT, nonce: NONCE, maxAge: 0, now: NOW };

const check = (claims: Record<string, unknown>, expected: Partial<IdTokenExpectations> = {}) =>
  checkIdToken(token(claims), { ...EXPECTED, ...expected });

function refused(run: () => unknown, claim: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof LinkerError, `not a LinkerError: ${String(error)}`);
    assert.equal(error.code, 'bad-response');
    assert.equal(error.reason, 'idTokenInvalid');
    assert.match(error.detail ?? '', claim);
    return true;
  });
}

const without = (name: string) => Object.fromEntries(Object.entries(CLAIMS).filter(([key]) => key !== name));

describe('checkIdToken', () => {
  it('accepts a good token and reads sub, email, email_verified and name', () => {
    assert.deepEqual(check(CLAIMS), { sub: 'github|7654321', email: 'octo@example.com', emailVerified: true, name: 'Octo' });
  });

  it('refuses a missing or malformed token', () => {
    for (const bad of [undefined, null, '', 42, 'opaque', 'a.b', `${enc({ alg: 'RS256' })}.!!!.sig`, `${enc([1])}.${enc(CLAIMS)}.sig`]) {
      refused(() => checkIdToken(bad, EXPECTED), /ID token/);
    }
  });

  it('refuses alg none, HS256 and every alg but RS256', () => {
    for (const alg of ['none', 'HS256', 'RS512', 'ES256', 'rs256', undefined]) {
      refused(() => checkIdToken(token(CLAIMS, { alg, typ: 'JWT' }), EXPECTED), /RS256/);
    }
    refused(() => checkIdToken(`${enc({ alg: 'none' })}.${enc(CLAIMS)}.`, EXPECTED), /ID token/);
  });

  it('refuses another issuer (iss), even one that differs by a slash', () => {
    for (const iss of ['https://evil.example.com/', 'https://tenant.example.com', 'http://tenant.example.com/', undefined]) {
      refused(() => check({ ...CLAIMS, iss }), /\(iss\)/);
    }
  });

  it('refuses a token without a subject', () => {
    for (const sub of [undefined, '', 7]) refused(() => check({ ...CLAIMS, sub }), /\(sub\)/);
  });

  it('refuses another application (aud)', () => {
    for (const aud of ['other-client', ['other-client', 'another'], [], undefined, 42]) {
      refused(() => check({ ...CLAIMS, aud }), /\(aud\)/);
    }
    assert.equal(check({ ...CLAIMS, aud: [CLIENT] }).sub, CLAIMS.sub);
  });

  it('with several audiences, requires azp to be the client id', () => {
    const aud = [CLIENT, 'https://tenant.example.com/userinfo'];
    refused(() => check({ ...CLAIMS, aud }), /azp/);
    refused(() => check({ ...CLAIMS, aud, azp: 'other-client' }), /azp/);
    assert.equal(check({ ...CLAIMS, aud, azp: CLIENT }).sub, CLAIMS.sub);
  });

  it('refuses an answer to another request (nonce)', () => {
    for (const nonce of ['other', '', undefined, `${NONCE} `]) refused(() => check({ ...CLAIMS, nonce }), /\(nonce\)/);
  });

  it('refuses an expired token, allowing 60 seconds of clock skew by default', () => {
    assert.equal(check({ ...CLAIMS, exp: NOW - 60 }).sub, CLAIMS.sub);
    refused(() => check({ ...CLAIMS, exp: NOW - 61 }), /\(exp\)/);
    refused(() => check({ ...CLAIMS, exp: NOW - 1 }, { leeway: 0 }), /\(exp\)/);
    assert.equal(check({ ...CLAIMS, exp: NOW - 100 }, { leeway: 120 }).sub, CLAIMS.sub);
    refused(() => check(without('exp')), /\(exp\)/);
    refused(() => check({ ...CLAIMS, exp: String(NOW + 3600) }), /\(exp\)/);
  });

  it('uses the real clock when no time is given', () => {
    const now = Math.floor(Date.now() / 1000);
    const live = { ...CLAIMS, iat: now, exp: now + 600, auth_time: now };
    assert.equal(checkIdToken(token(live), { issuer: ISSUER, clientId: CLIENT, nonce: NONCE, maxAge: 0 }).sub, CLAIMS.sub);
    refused(() => checkIdToken(token({ ...live, exp: now - 120 }), { issuer: ISSUER, clientId: CLIENT, nonce: NONCE }), /\(exp\)/);
  });

  it('refuses a token without an issue time (iat)', () => {
    refused(() => check(without('iat')), /\(iat\)/);
    refused(() => check({ ...CLAIMS, iat: 'yesterday' }), /\(iat\)/);
  });

  it('with max_age, refuses a sign-in older than max_age plus leeway (auth_time)', () => {
    assert.equal(check({ ...CLAIMS, auth_time: NOW - 60 }).sub, CLAIMS.sub);
    refused(() => check({ ...CLAIMS, auth_time: NOW - 61 }), /\(auth_time\)/);
    refused(() => check({ ...CLAIMS, auth_time: NOW - 400 }, { maxAge: 300 }), /\(auth_time\)/);
    assert.equal(check({ ...CLAIMS, auth_time: NOW - 300 }, { maxAge: 300 }).sub, CLAIMS.sub);
    refused(() => check({ ...CLAIMS, auth_time: String(NOW) }), /\(auth_time\)/);
    // Without max_age, an old sign-in is not the question.
    assert.equal(check({ ...CLAIMS, auth_time: NOW - 86_400 }, { maxAge: undefined }).sub, CLAIMS.sub);
  });

  // protocol.md: "with `max_age`, `auth_time` present and recent"; OIDC Core §2 makes auth_time
  // REQUIRED in the answer to a max_age request. Without it the fresh sign-in cannot be checked.
  it('with max_age, refuses a token without auth_time', () => {
    refused(() => check(without('auth_time')), /\(auth_time\)/);
    refused(() => check(without('auth_time'), { maxAge: 300 }), /\(auth_time\)/);
    assert.equal(check(without('auth_time'), { maxAge: undefined }).sub, CLAIMS.sub);
  });

  it('reads email_verified as true only when it is the boolean true', () => {
    for (const value of [false, 'true', 1, null, undefined]) {
      const claims = check({ ...CLAIMS, email_verified: value });
      assert.equal(claims.emailVerified, false, String(value));
      assert.equal(claims.email, 'octo@example.com');
    }
    const bare = check(without('email'));
    assert.equal(bare.email, undefined);
    assert.ok(!('email' in bare));
    assert.ok(!('name' in check({ ...CLAIMS, name: 3 })));
  });
});
