/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base64urlDecode, base64urlEncode, createSigningKey, decodeJwt, mockAccessToken } from '../../../src/mock/tokens.js';

test('base64url round-trips bytes and UTF-8 text without padding', () => {
  const bytes = new Uint8Array([0, 250, 251, 252, 253, 254, 255]);
  const encoded = base64urlEncode(bytes);
  assert.doesNotMatch(encoded, /[+/=]/);
  assert.deepEqual(base64urlDecode(encoded), bytes);
  assert.equal(new TextDecoder().decode(base64urlDecode(base64urlEncode('Zoë ✓'))), 'Zoë ✓');
  assert.throws(() => base64urlDecode('a+b/'));
});

test('decodeJwt reads header and payload, and rejects what is not a JWS', () => {
  const token = mockAccessToken({ iss: 'i', sub: 's', aud: ['a'], azp: 'c', scope: 'openid', iat: 1, exp: 2 }, 'sig');
  const jwt = decodeJwt(token);
  assert.equal(jwt?.payload.sub, 's');
  assert.equal(jwt?.header.alg, 'RS256');
  assert.equal(decodeJwt('a.b'), undefined);
  assert.equal(decodeJwt('not.a.jwt'), undefined);
  assert.equal(decodeJwt(`${base64urlEncode('[1]')}.${base64urlEncode('{}')}.x`), undefined);
});

test('mockAccessToken gives a different signature segment to every new token', () => {
  const claims = { iss: 'i', sub: 's', aud: ['a'], azp: 'c', scope: 'openid', iat: 1, exp: 2 };
  assert.notEqual(mockAccessToken(claims), mockAccessToken(claims));
});

test('the signing key signs RS256 tokens that verify, and rejects tampered ones', async () => {
  const key = createSigningKey();
  const token = await key.sign({ sub: 'github|7654321', aud: 'client' });
  const jwt = decodeJwt(token)!;
  const { keys } = await key.jwks();
  assert.equal(jwt.header.alg, 'RS256');
  assert.equal(jwt.header.kid, keys[0]?.kid);
  assert.equal(await key.verify(token), true);
  const [h, , s] = token.split('.');
  const forged = `${h}.${base64urlEncode(JSON.stringify({ sub: 'auth0|alice0001', aud: 'client' }))}.${s}`;
  assert.equal(await key.verify(forged), false);
  assert.equal(await createSigningKey().verify(token), false, 'another tenant key does not verify it');
});

test('the JWKS publishes only the public part of the key, once generated', async () => {
  const key = createSigningKey();
  const first = await key.jwks();
  assert.equal(first.keys.length, 1);
  const jwk = first.keys[0]!;
  assert.deepEqual(Object.keys(jwk).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
  assert.equal(jwk.kty, 'RSA');
  assert.equal(jwk.e, 'AQAB');
  assert.equal(jwk.use, 'sig');
  assert.deepEqual(await key.jwks(), first, 'the key is generated once');
});
