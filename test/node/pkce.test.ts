// PKCE (RFC 7636) and the random values of the flow, on WebCrypto in Node.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { base64url, codeChallenge, createPkce, randomToken } from '../../src/protocol/pkce.js';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

describe('base64url', () => {
  it('uses the URL-safe alphabet without padding', () => {
    assert.equal(base64url(new Uint8Array([])), '');
    assert.equal(base64url(new Uint8Array([0xfb, 0xff])), '-_8');
    assert.equal(base64url(new Uint8Array([0xfb, 0xef, 0xbe])), '----');
    assert.equal(base64url(new Uint8Array([0xff, 0xff, 0xff])), '____');
    assert.equal(base64url(new TextEncoder().encode('a')), 'YQ');
    assert.equal(base64url(new TextEncoder().encode('ab')), 'YWI');
    // Every byte value, against Node's own encoder.
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    assert.equal(base64url(all), Buffer.from(all).toString('base64url'));
  });
});

describe('codeChallenge (S256)', () => {
  it('matches the RFC 7636 appendix B example', async () => {
    assert.equal(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('is BASE64URL(SHA-256(ASCII(verifier))) for other verifiers', async () => {
    for (const verifier of ['a'.repeat(43), 'Z'.repeat(128), '0123456789-._~abcdefghijklmnopqrstuvwxyzABCD']) {
      assert.equal(await codeChallenge(verifier), createHash('sha256').update(verifier).digest('base64url'));
    }
  });
});

describe('randomToken', () => {
  it('is 43 base64url characters (256 bits) by default', () => {
    for (let i = 0; i < 20; i++) assert.match(randomToken(), /^[A-Za-z0-9_-]{43}$/);
  });

  it('follows the byte count', () => {
    assert.equal(randomToken(16).length, 22);
    assert.equal(randomToken(48).length, 64);
    assert.equal(randomToken(96).length, 128);
  });

  it('never repeats and uses the whole alphabet', () => {
    const tokens = Array.from({ length: 200 }, () => randomToken());
    assert.equal(new Set(tokens).size, tokens.length);
    const seen = new Set(tokens.join(''));
    // 8 600 characters from 64 symbols: every symbol shows up (a fixed or biased source would not).
    assert.equal(seen.size, 64);
  });
});

describe('createPkce', () => {
  it('makes a fresh RFC 7636 verifier and its S256 challenge', async () => {
    const pairs = await Promise.all(Array.from({ length: 20 }, () => createPkce()));
    for (const { verifier, challenge } of pairs) {
      // RFC 7636 §4.1: 43–128 unreserved characters; base64url is a subset.
      assert.ok(verifier.length >= 43 && verifier.length <= 128, verifier);
      assert.match(verifier, BASE64URL);
      assert.match(challenge, /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(challenge, verifier);
      assert.equal(challenge, createHash('sha256').update(verifier).digest('base64url'));
    }
    assert.equal(new Set(pairs.map((p) => p.verifier)).size, pairs.length);
  });
});
