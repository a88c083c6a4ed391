// The element's defences that live in DOM-free modules, each against the attack that found it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeDomain, normalizeRedirectUri } from '../../src/protocol/config.js';
import { LinkerError } from '../../src/protocol/errors.js';
import { describeError } from '../../src/i18n/describe-error.js';
import { scrub } from '../../src/protocol/redaction.js';
import { defaultStrings } from '../../src/i18n/strings.js';
import { displayText, MAX_IDENTITIES, parseProfile, readIdentities } from '../../src/protocol/identity.js';
import { PendingLinks, type KeyValueStore } from '../../src/protocol/pending-link.js';
import { resolveToken } from '../../src/protocol/token-check.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHxhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');

function memory(): KeyValueStore {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe('no token reaches a message', () => {
  const echoes: Array<[string, string]> = [
    ['raw', `invalid token ${TOKEN} given`],
    ['with surrounding whitespace in the secret', `invalid token ${TOKEN}`],
    ['URL-encoded', `bad request to /x?access_token=${encodeURIComponent(`${TOKEN}+/=`)}`],
    ['base64', `header was ${b64(`Bearer ${TOKEN}`)}`],
    ['base64url', `header was ${b64url(TOKEN)}`],
    ['as a 12-character fragment', `token starts ${TOKEN.slice(20, 32)} and more`],
  ];
  for (const [name, text] of echoes) {
    it(`scrubs a token echoed ${name}`, () => {
      const secret = name.startsWith('with surrounding') ? `  ${TOKEN}\n` : TOKEN;
      const out = scrub(text, [secret, `${TOKEN}+/=`]);
      for (let i = 0; i + 12 <= TOKEN.length; i++) assert.ok(!out.includes(TOKEN.slice(i, i + 12)), `a piece survived: ${out}`);
      assert.ok(!out.includes(b64url(TOKEN).slice(8, 20)), out);
      assert.match(out, /…/);
    });
  }

  it('scrubs before cutting: a long echo leaves no prefix of the token behind', () => {
    const detail = `${'x'.repeat(290)} ${TOKEN}`;
    const message = describeError(new LinkerError('http', 'requestFailed', detail, 400), defaultStrings, [TOKEN]);
    assert.ok(!message.includes(TOKEN.slice(0, 9)), message);
  });

  it('leaves text without secrets as it was', () => {
    assert.equal(scrub('Main identity cannot be removed.', [TOKEN]), 'Main identity cannot be removed.');
  });
});

describe('configuration edges', () => {
  it('takes a host with a port as a host, not a scheme', () => {
    assert.equal(normalizeDomain('login.example.com:8443'), 'https://login.example.com:8443');
    assert.equal(normalizeDomain('localhost:8103'), 'https://localhost:8103');
    assert.equal(normalizeDomain('http://localhost:8103'), 'http://localhost:8103');
  });

  it('refuses a redirect URI with an empty fragment', () => {
    assert.throws(() => normalizeRedirectUri('https://app.example.com/cb#', 'https://app.example.com/'), (e: unknown) => e instanceof LinkerError && e.reason === 'redirectUriInvalid');
  });

  it('keeps a server-made state of "__proto__" and takes it back once', () => {
    const store = memory();
    const binding = { origin: 'https://t.example', clientId: 'c', redirectUri: 'https://app.example.com/' };
    const links = new PendingLinks(store);
    links.save({ state: '__proto__', ...binding });
    links.save({ state: 'other', ...binding });
    assert.equal(links.take('__proto__', binding).status, 'ok');
    assert.equal(links.take('__proto__', binding).status, 'unknown');
    assert.equal(links.take('other', binding).status, 'ok');
  });
});

describe('a tokenProvider that never settles', () => {
  it('gives up with missing-token after the bound', async (t) => {
    // The bound on a mocked clock: still waiting 1 ms before it, given up at it (no wall clock).
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let outcome: unknown = 'pending';
    resolveToken('', () => new Promise<string>(() => {}), 50).then(() => (outcome = 'resolved'), (e: unknown) => (outcome = e));
    const flush = () => new Promise((resolve) => setImmediate(resolve));
    const now = () => outcome;
    await flush();
    t.mock.timers.tick(49);
    await flush();
    assert.equal(now(), 'pending', 'gave up before the bound');
    t.mock.timers.tick(1);
    await flush();
    const error = now();
    assert.ok(error instanceof LinkerError && error.code === 'missing-token' && error.reason === 'tokenProviderTimeout', `at the bound: ${String(error)}`);
  });
});

describe('server text on show', () => {
  it('drops bidi controls that make a name pose as another', () => {
    const profile = parseProfile({ user_id: 'auth0|x', name: 'alice\u202Emoc.elgoog@', identities: [] });
    assert.equal(profile.name, 'alicemoc.elgoog@');
    assert.equal(displayText('Git\u2067Hub\u200F'), 'GitHub');
  });

  it('caps what it shows', () => {
    assert.equal(displayText('x'.repeat(100_000)).length, 80);
    assert.match(displayText('x'.repeat(100)), /…$/);
  });
});

describe('lists with bad entries', () => {
  it('keeps the valid identities and counts the bad ones', () => {
    const { identities, skipped } = readIdentities([
      { provider: 'auth0', user_id: 'a' },
      { provider: 'github', user_id: null },
      { provider: 'github', user_id: 1 },
      { provider: 'github', user_id: '1' },
    ]);
    assert.deepEqual(identities.map((i) => `${i.provider}|${i.user_id}`), ['auth0|a', 'github|1']);
    assert.equal(skipped, 2);
  });

  it(`accepts ${MAX_IDENTITIES} identities and refuses more`, () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ provider: 'github', user_id: i }));
    assert.equal(readIdentities(many(MAX_IDENTITIES)).identities.length, MAX_IDENTITIES);
    assert.throws(() => readIdentities(many(MAX_IDENTITIES + 1)), LinkerError);
  });
});
