/// <reference types="node" />
// accountLinker(options): a bad option is refused at once with an Error naming it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accountLinker } from '../../../src/server/index.js';
import { linkerOptions } from './helpers.js';

const refuses = (overrides: Record<string, unknown>, name: string) =>
  assert.throws(() => accountLinker(linkerOptions(overrides as never)), (error: unknown) => {
    assert.ok(error instanceof Error);
    assert.ok(error.message.includes(`"${name}"`), `${error.message} names ${name}`);
    return true;
  });

describe('options', () => {
  test('domain: a bare host (https implied), an https origin, or a loopback http origin', () => {
    for (const domain of ['tenant.eu.auth0.com', 'https://login.example.com', 'https://login.example.com/', 'http://localhost:3000', 'http://127.0.0.1:4000', 'http://[::1]:4000']) {
      assert.doesNotThrow(() => accountLinker(linkerOptions({ domain })), domain);
    }
    for (const domain of ['http://tenant.eu.auth0.com', 'http://192.168.1.2', 'ftp://tenant.example.com', 'https://tenant.example.com/path', 'https://u:p@tenant.example.com', 'tenant.example.com/path', 'tenant example.com', '', 'https://tenant.example.com?x=1']) {
      refuses({ domain }, 'domain');
    }
    refuses({ domain: undefined }, 'domain');
  });

  test('baseURL: an https origin, or http for loopback only; no path', () => {
    assert.doesNotThrow(() => accountLinker(linkerOptions({ baseURL: 'http://localhost:8000' })));
    for (const baseURL of ['http://app.example.com', 'https://app.example.com/account', 'app.example.com', 'javascript:alert(1)', '']) refuses({ baseURL }, 'baseURL');
  });

  test('endpoint: a path', () => {
    for (const endpoint of ['/account/identities', '/api/linker/']) assert.doesNotThrow(() => accountLinker(linkerOptions({ endpoint })));
    for (const endpoint of ['account', '//evil.example/x', '/a?b', '/a#b', '/a\\b', '/', '/a/../b', 'https://app.example.com/x', '/a b', '/a%2F']) refuses({ endpoint }, 'endpoint');
  });

  test('secret: at least 32 characters', () => {
    refuses({ secret: 'short' }, 'secret');
    refuses({ secret: 'x'.repeat(31) }, 'secret');
    refuses({ secret: undefined }, 'secret');
    assert.doesNotThrow(() => accountLinker(linkerOptions({ secret: 'x'.repeat(32) })));
  });

  test('clients, management and user are required', () => {
    refuses({ clientId: '' }, 'clientId');
    refuses({ clientSecret: undefined }, 'clientSecret');
    refuses({ management: undefined }, 'management');
    refuses({ management: { clientSecret: 's' } }, 'management.clientId');
    refuses({ management: { clientId: 'c' } }, 'management.clientSecret');
    refuses({ management: { clientId: 'c', clientSecret: 's', maxRetries: -1 } }, 'management.maxRetries');
    refuses({ management: { clientId: 'c', clientSecret: 's', timeoutInSeconds: 0 } }, 'management.timeoutInSeconds');
    refuses({ user: 'auth0|alice' }, 'user');
    assert.throws(() => accountLinker(undefined as never), /options/);
  });

  test('the handler speaks only on its endpoint', async () => {
    const linker = accountLinker(linkerOptions({ endpoint: '/api/linker/' }));
    assert.equal(await linker.fetch(new Request('https://app.example.com/api/linker-other')), null);
    assert.notEqual(await linker.fetch(new Request('https://app.example.com/api/linker')), null);
  });
});
