/// <reference types="node" />
// The suggestions cache on its own: expiry, the bound on users (oldest first), forget, and copies
// (an answer changed by a caller does not change what is remembered).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suggestionCache } from '../../../src/server/suggestion-cache.js';

const identity = (n: number) => ({ provider: 'github', user_id: n, connection: 'github', isSocial: true });

test('an entry lives for the TTL, then is gone', () => {
  let clock = 1000;
  const cache = suggestionCache(() => clock, 30);
  cache.set('a', [identity(1)]);
  clock += 29;
  assert.deepEqual(cache.get('a'), [identity(1)]);
  clock += 1;
  assert.equal(cache.get('a'), undefined);
  assert.equal(cache.size, 0);
});

test('at most `max` users: the oldest goes first; a user set again is young again', () => {
  let clock = 0;
  const cache = suggestionCache(() => clock, 1000, 3);
  for (const user of ['a', 'b', 'c']) {
    cache.set(user, []);
    clock += 1;
  }
  cache.set('a', [identity(2)]); // a is now the youngest
  cache.set('d', []);
  assert.equal(cache.size, 3);
  assert.equal(cache.get('b'), undefined, 'b was the oldest');
  assert.deepEqual(cache.get('a'), [identity(2)]);
  assert.deepEqual(cache.get('c'), []);
  assert.deepEqual(cache.get('d'), []);
  for (let i = 0; i < 5000; i++) cache.set(`user-${i}`, []);
  assert.equal(cache.size, 3);
});

test('expired entries are dropped when a new one comes, before any live one', () => {
  let clock = 0;
  const cache = suggestionCache(() => clock, 10, 3);
  cache.set('old', []);
  clock = 5;
  cache.set('live', []);
  clock = 11;
  cache.set('new', []);
  assert.equal(cache.size, 2);
  assert.deepEqual(cache.get('live'), []);
});

test('forget drops one user; what is handed out is a copy', () => {
  const cache = suggestionCache(() => 0);
  cache.set('a', [identity(1)]);
  cache.set('b', [identity(2)]);
  cache.get('a')!.push(identity(3));
  assert.deepEqual(cache.get('a'), [identity(1)]);
  cache.forget('a');
  assert.equal(cache.get('a'), undefined);
  assert.deepEqual(cache.get('b'), [identity(2)]);
});
