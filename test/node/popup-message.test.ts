// readPopupMessage: only the tenant's authorization response for this state is read; every other
// message is ignored (undefined) and the wait goes on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readPopupMessage } from '../../src/protocol/popup-message.js';

const ORIGIN = 'https://tenant.example.com';
const EXPECTED = { origin: ORIGIN, state: 'state-1' };
const message = (response: unknown, extra: Record<string, unknown> = {}) => ({
  origin: ORIGIN,
  data: { type: 'authorization_response', response, ...extra },
});

describe('readPopupMessage', () => {
  it('reads a code for this state', () => {
    assert.deepEqual(readPopupMessage(message({ code: 'c-1', state: 'state-1' }), EXPECTED), { state: 'state-1', code: 'c-1' });
  });

  it('reads an error and its description', () => {
    assert.deepEqual(
      readPopupMessage(message({ error: 'access_denied', error_description: 'User cancelled the login', state: 'state-1' }), EXPECTED),
      { state: 'state-1', error: 'access_denied', errorDescription: 'User cancelled the login' },
    );
    assert.deepEqual(readPopupMessage(message({ error: 'login_required', state: 'state-1' }), EXPECTED), {
      state: 'state-1',
      error: 'login_required',
    });
  });

  it('lets an error win over a code sent with it', () => {
    assert.deepEqual(readPopupMessage(message({ code: 'c', error: 'server_error', state: 'state-1' }), EXPECTED), {
      state: 'state-1',
      error: 'server_error',
    });
  });

  it('ignores a message from another origin', () => {
    for (const origin of ['https://evil.example.com', 'http://tenant.example.com', 'https://tenant.example.com:444', 'null', '', `${ORIGIN}/`]) {
      assert.equal(readPopupMessage({ ...message({ code: 'c', state: 'state-1' }), origin }, EXPECTED), undefined, origin);
    }
  });

  it('ignores a message of another type', () => {
    for (const type of ['authorization_request', 'AUTHORIZATION_RESPONSE', undefined, 1]) {
      assert.equal(readPopupMessage(message({ code: 'c', state: 'state-1' }, { type }), EXPECTED), undefined, String(type));
    }
  });

  it('ignores an answer for another state', () => {
    for (const state of ['state-2', '', undefined, ['state-1'], 'state-1 ']) {
      assert.equal(readPopupMessage(message({ code: 'c', state }), EXPECTED), undefined, String(state));
    }
  });

  it('ignores malformed data', () => {
    const malformed: unknown[] = [
      null,
      undefined,
      'authorization_response',
      42,
      [],
      { type: 'authorization_response' },
      { type: 'authorization_response', response: null },
      { type: 'authorization_response', response: 'code=c&state=state-1' },
      { type: 'authorization_response', response: { state: 'state-1' } },
      { type: 'authorization_response', response: { state: 'state-1', code: '' } },
      { type: 'authorization_response', response: { state: 'state-1', code: 7 } },
      { type: 'authorization_response', response: { state: 'state-1', error: { message: 'x' } } },
    ];
    for (const data of malformed) {
      assert.equal(readPopupMessage({ origin: ORIGIN, data }, EXPECTED), undefined, JSON.stringify(data));
    }
  });

  it('drops a description that is not text, and unknown fields', () => {
    assert.deepEqual(
      readPopupMessage(message({ error: 'access_denied', error_description: { html: '<b>' }, state: 'state-1', extra: 'x' }), EXPECTED),
      { state: 'state-1', error: 'access_denied' },
    );
    assert.deepEqual(readPopupMessage(message({ code: 'c', state: 'state-1', id_token: 'secret' }), EXPECTED), {
      state: 'state-1',
      code: 'c',
    });
  });
});
