/// <reference types="node" />
// Sealed cookie values and the transaction list: AES-256-GCM (HKDF key per purpose), expiry
// inside, tampering and a foreign secret or purpose refused; transactions bounded in number and size.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSealer } from '../../../src/server/seal.js';
import { MAX_TRANSACTIONS, transactionStore, type LinkTransaction } from '../../../src/server/transactions.js';
import { checkReturnTo, returnURL } from '../../../src/server/return-to.js';

const SECRET = 'k'.repeat(40);
const NOW = 1_800_000_000_000;

describe('seal', () => {
  test('round trip; the value is not readable in the sealed text', async () => {
    const sealer = createSealer(SECRET, 'transactions');
    const sealed = await sealer.seal({ verifier: 'pkce-verifier-value' }, NOW + 1000);
    assert.match(sealed, /^v1\.[A-Za-z0-9_-]+$/);
    assert.ok(!Buffer.from(sealed.slice(3), 'base64url').toString('latin1').includes('pkce-verifier-value'));
    assert.deepEqual(await sealer.open(sealed, NOW), { verifier: 'pkce-verifier-value' });
  });

  test('expired, tampered, another secret, another purpose, garbage: undefined', async () => {
    const sealer = createSealer(SECRET, 'transactions');
    const sealed = await sealer.seal({ a: 1 }, NOW + 1000);
    assert.equal(await sealer.open(sealed, NOW + 1000), undefined, 'expired');
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    bytes[bytes.length - 20] ^= 1;
    assert.equal(await sealer.open(`v1.${bytes.toString('base64url')}`, NOW), undefined, 'tampered');
    assert.equal(await createSealer('z'.repeat(40), 'transactions').open(sealed, NOW), undefined, 'another secret');
    assert.equal(await createSealer(SECRET, 'result').open(sealed, NOW), undefined, 'another purpose');
    for (const junk of [undefined, '', 'v1.', 'v2.' + sealed.slice(3), 'v1.!!!', 'v1.' + 'A'.repeat(10000)]) {
      assert.equal(await sealer.open(junk, NOW), undefined, String(junk).slice(0, 10));
    }
  });

  test('two seals of the same value differ (a fresh IV each time)', async () => {
    const sealer = createSealer(SECRET, 'x');
    assert.notEqual(await sealer.seal(1, NOW + 1), await sealer.seal(1, NOW + 1));
  });
});

describe('transactions', () => {
  const tx = (n: number, returnTo = '/a'): LinkTransaction => ({
    state: `state-${n}`.padEnd(43, 's'),
    nonce: 'n'.repeat(43),
    verifier: 'v'.repeat(43),
    userId: 'auth0|alice0001',
    returnTo,
    popup: false,
    created: NOW + n,
  });

  test('bounded: the newest kept, by count and by size; the cookie stays under 4 KB', async () => {
    const store = transactionStore(createSealer(SECRET, 'transactions'));
    const many = Array.from({ length: 20 }, (_, n) => tx(n));
    const sealed = await store.write(many, NOW + 100);
    const kept = await store.read(sealed, NOW + 100);
    assert.equal(kept.length, MAX_TRANSACTIONS);
    assert.equal(kept.at(-1)!.state, tx(19).state);
    const long = Array.from({ length: 8 }, (_, n) => tx(n, '/' + 'p'.repeat(500)));
    const sealedLong = (await store.write(long, NOW + 100))!;
    assert.ok(sealedLong.length < 3800, `${sealedLong.length} bytes`);
    const keptLong = await store.read(sealedLong, NOW + 100);
    assert.ok(keptLong.length >= 1 && keptLong.length < 8);
    assert.equal(keptLong.at(-1)!.state, tx(7).state);
  });

  test('an empty list writes nothing; an old cookie reads as none', async () => {
    const store = transactionStore(createSealer(SECRET, 'transactions'));
    assert.equal(await store.write([], NOW), undefined);
    const sealed = await store.write([tx(0)], NOW);
    assert.equal((await store.read(sealed, NOW + 2 * 3600 * 1000)).length, 0);
  });
});

describe('returnTo', () => {
  const origin = 'https://app.example.com';
  test('app paths only', () => {
    for (const ok of ['/', '/account', '/account?tab=1&x=%2F', '/a/b#c']) assert.equal(checkReturnTo(ok, origin), ok);
    for (const bad of ['//evil.example', '/\\evil.example', '/a\\b', 'https://evil.example', 'evil', '', ' /a', '/a\u0000', '/a\n', '/\t/evil.example', 42, undefined]) {
      assert.equal(checkReturnTo(bad, origin), undefined, JSON.stringify(bad));
    }
  });
  test('the return URL carries account_linker=done, once, before the fragment', () => {
    assert.equal(returnURL('/account?tab=1&account_linker=x#top', origin), `${origin}/account?tab=1&account_linker=done#top`);
  });
});
