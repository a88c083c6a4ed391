// checkManagementToken: a token the Management API would refuse is refused before any request,
// as insufficient-scope naming what is wrong (opaque, audience, missing scopes).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkManagementToken, managementAudience, MANAGEMENT_SCOPES } from '../../src/protocol/management-token.js';
import { LinkerError } from '../../src/protocol/errors.js';
import { DEMO_TOKENS } from '../../src/mock/index.js';

const API = 'https://tenant.example.com/api/v2/';
const ALL = 'openid profile email read:current_user update:current_user_identities';

const enc = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (claims: Record<string, unknown>) => `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}.c2ln`;

function insufficient(run: () => unknown, reason: string, detail?: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof LinkerError, `not a LinkerError: ${String(error)}`);
    assert.equal(error.code, 'insufficient-scope');
    assert.equal(error.reason, reason);
    assert.equal(error.detail, detail);
    return true;
  });
}

describe('checkManagementToken', () => {
  it('names the audience and the scopes a developer must ask for', () => {
    assert.equal(managementAudience('https://tenant.example.com'), API);
    assert.deepEqual([...MANAGEMENT_SCOPES], ['read:current_user', 'update:current_user_identities']);
  });

  it("accepts the mock's demo token and any tenant's /api/v2/ audience", () => {
    assert.doesNotThrow(() => checkManagementToken(DEMO_TOKENS.alice));
    for (const aud of [
      API,
      [API, 'https://tenant.example.com/userinfo'],
      ['https://tenant.example.com/userinfo', 'https://canonical.eu.auth0.com/api/v2/'],
      'http://localhost:8000/api/v2/',
      'http://127.0.0.1:9/api/v2/',
      'http://[::1]:8000/api/v2/',
    ]) {
      assert.doesNotThrow(() => checkManagementToken(token({ aud, scope: ALL })), JSON.stringify(aud));
    }
  });

  it('refuses an opaque token (a login without audience)', () => {
    for (const opaque of ['opaque-token', 'a.b', 'x.y.z', `${enc({ alg: 'RS256' })}.${enc('claims')}.sig`, '']) {
      insufficient(() => checkManagementToken(opaque), 'tokenOpaque');
    }
  });

  it('refuses a token for another API', () => {
    for (const aud of [
      undefined,
      'https://tenant.example.com/userinfo',
      'https://api.example.com/',
      'https://tenant.example.com/api/v2',
      'https://tenant.example.com/api/v2/users',
      'https://tenant.example.com/api/v2/extra/',
      'http://tenant.example.com/api/v2/',
      'http://localhost.evil.com/api/v2/',
      'https://evil.example.com/x/api/v2/',
      ['https://api.example.com/'],
      [],
      42,
    ]) {
      insufficient(() => checkManagementToken(token({ aud, scope: ALL })), 'tokenAudience');
    }
  });

  it('names every missing scope', () => {
    const cases: Array<[string, string]> = [
      ['openid profile email update:current_user_identities', 'read:current_user'],
      ['openid profile email read:current_user', 'update:current_user_identities'],
      ['openid profile email', 'read:current_user update:current_user_identities'],
      ['', 'read:current_user update:current_user_identities'],
      // Similar names are not the scopes.
      ['read:current_user_metadata update:current_user_metadata', 'read:current_user update:current_user_identities'],
      ['read:current_user,update:current_user_identities', 'read:current_user update:current_user_identities'],
    ];
    for (const [scope, missing] of cases) {
      insufficient(() => checkManagementToken(token({ aud: API, scope })), 'tokenScopes', missing);
    }
    insufficient(() => checkManagementToken(token({ aud: API })), 'tokenScopes', 'read:current_user update:current_user_identities');
  });

  it('reads scopes separated by any whitespace, or as an scp list', () => {
    assert.doesNotThrow(() => checkManagementToken(token({ aud: API, scope: 'read:current_user\tupdate:current_user_identities' })));
    assert.doesNotThrow(() => checkManagementToken(token({ aud: API, scp: ['read:current_user', 'update:current_user_identities'] })));
    insufficient(() => checkManagementToken(token({ aud: API, scp: ['read:current_user'] })), 'tokenScopes', 'update:current_user_identities');
  });
});
