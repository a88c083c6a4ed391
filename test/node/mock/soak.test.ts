/// <reference types="node" />
// A bounded soak (issue 23, M4): 20,000 GET /authorize and some sign-ins with their code exchanges
// and refreshes, through the handlers in Node, every one answered. What they leave in the tenant
// is capped while they come (MAX_PENDING) and gone after the sweep (the tenant's clock advanced past
// every lifetime); the heap returns to within 20 % of where it started. How long it took is a
// [figure] line, not an assertion: a busy machine is slower, not wrong (issue 22).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { getResponse } from 'msw';
import { createHandlers, createTenant, DEMO_CLIENT_ID, DEMO_USER_IDS } from '../../../src/mock/index.js';
import { MAX_PENDING, REFRESH_TOKEN_LIFETIME } from '../../../src/mock/store.js';

const ORIGIN = 'https://tenant.example.com';
const REDIRECT_URI = 'http://localhost:8000/account';
const REQUESTS = 20_000;
const SIGN_IN_EVERY = 200;

/** A full collection, when the runtime lets a test ask for one (`--expose-gc`, or turned on here). */
function collector(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

// The timeout only stops a hang: 10 s here on two idle cores, 30× that before it gives up.
test(`soak: ${REQUESTS} GET /authorize with sign-ins, code exchanges and refreshes; bounded, and released after the sweep`, { timeout: 300_000 }, async () => {
  let clock = Math.floor(Date.now() / 1000);
  const tenant = createTenant({ now: () => clock });
  const handlers = createHandlers(tenant);
  const send = async (path: string, init: RequestInit = {}) => (await getResponse(handlers, new Request(new URL(path, ORIGIN), init)))!;
  const query = new URLSearchParams({ client_id: DEMO_CLIENT_ID, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid profile offline_access', state: 's' });

  let answered = 0;
  let signedIn = 0;
  async function signIn(html: string) {
    const tx = /name="tx" value="([^"]+)"/.exec(html)![1]!;
    const decided = await send('/authorize/decision', { method: 'POST', body: new URLSearchParams({ tx, identity: DEMO_USER_IDS.alice }) });
    const code = new URL(decided.headers.get('Location')!).searchParams.get('code')!;
    const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
    const tokens = await (await send('/oauth/token', form({ grant_type: 'authorization_code', client_id: DEMO_CLIENT_ID, code, redirect_uri: REDIRECT_URI }))).json();
    const refreshed = await send('/oauth/token', form({ grant_type: 'refresh_token', client_id: DEMO_CLIENT_ID, refresh_token: tokens.refresh_token }));
    assert.equal(refreshed.status, 200);
    signedIn += 1;
  }

  // Warm up (code compiled, caches filled) before the baseline.
  for (let i = 0; i < 200; i += 1) await (await send(`/authorize?${query}`)).text();
  clock += REFRESH_TOKEN_LIFETIME + 1;
  tenant.sweep();
  const gc = collector();
  gc?.();
  const start = process.memoryUsage().heapUsed;

  const started = performance.now();
  let largest = 0;
  for (let i = 1; i <= REQUESTS; i += 1) {
    const page = await send(`/authorize?${query}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /name="tx" value="[^"]+"/, `request ${i}: the sign-in page with its transaction`);
    answered += 1;
    if (i % SIGN_IN_EVERY === 0) {
      await signIn(html);
      largest = Math.max(largest, ...Object.values(tenant.pending()));
    }
  }
  const seconds = (performance.now() - started) / 1000;
  gc?.();
  const loaded = process.memoryUsage().heapUsed;
  const pending = tenant.pending();
  assert.equal(answered, REQUESTS, 'every GET /authorize answered with its sign-in page');
  assert.equal(signedIn, REQUESTS / SIGN_IN_EVERY, 'every sign-in exchanged its code and refreshed');
  assert.ok(largest <= MAX_PENDING, `no store grew past ${MAX_PENDING} (largest ${largest})`);
  assert.ok(pending.transactions >= MAX_PENDING - 1, `the transactions reached the cap (${pending.transactions}; the last sign-in took one)`);

  // The sweep: the tenant's clock past every lifetime.
  clock += REFRESH_TOKEN_LIFETIME + 1;
  tenant.sweep();
  assert.deepEqual(Object.values(tenant.pending()), [0, 0, 0, 0, 0, 0]);
  gc?.();
  const end = process.memoryUsage().heapUsed;
  console.log(
    `[figure] soak: ${REQUESTS} GET /authorize + ${REQUESTS / SIGN_IN_EVERY} sign-ins (decision, code exchange, refresh) in ${seconds.toFixed(1)} s; ` +
      `heap ${megabytes(start)} MB at start, ${megabytes(loaded)} MB loaded (${pending.transactions} transactions held), ` +
      `${megabytes(end)} MB after the sweep (${((end / start - 1) * 100).toFixed(1)} %)${gc ? '' : ' (no gc: figures approximate)'}`,
  );
  if (gc) assert.ok(end <= start * 1.2, `the heap came back to within 20 % of its start (${megabytes(start)} → ${megabytes(end)} MB)`);
});
