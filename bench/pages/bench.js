// The page side of `npm run bench` (driven by bench/run.mjs through puppeteer-core): renders
// <account-linker> (dist/account-linker.js) and <bare-linker> (bench/bare-element.js) with the same
// identities, unlinks a row through the element's real path against the msw mock tenant (in a
// service worker, dist/mock/browser.js), and counts the element's requests in each journey.
import { startMockWorker, tenant, worker, DEMO_CLIENT_ID, DEMO_TOKENS, DEMO_USER_IDS } from '/dist/mock/browser.js';

const DOMAIN = 'tenant.example.com';
const ORIGIN = `https://${DOMAIN}`;
const ALICE = DEMO_USER_IDS.alice;
const stage = document.getElementById('stage');

// ---- Request counting: at the element's side (window.fetch) and at the tenant's (msw). ----

const counter = { on: false, fetches: [], served: [] };
const realFetch = window.fetch;
window.fetch = function (input, init) {
  if (counter.on) {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin === ORIGIN) counter.fetches.push(`${init?.method ?? (input instanceof Request ? input.method : 'GET')} ${url.pathname}`);
  }
  return realFetch.call(this, input, init);
};
worker.events.on('request:start', ({ request }) => {
  const url = new URL(request.url);
  // Avatars are pictures the rows show (<img>), not calls of the element.
  if (url.origin !== ORIGIN || request.method === 'OPTIONS' || url.pathname.startsWith('/__mock/avatar/')) return;
  if (counter.on) counter.served.push(`${request.method} ${url.pathname}`);
});
function startCounting() {
  counter.fetches = [];
  counter.served = [];
  counter.on = true;
}
function stopCounting() {
  counter.on = false;
  return { fetches: counter.fetches, served: counter.served };
}

// ---- Data: alice's database login (primary) and n-1 linked accounts of assorted providers. ----

const KINDS = [
  ['google-oauth2', 'google-oauth2', true, (i) => `10422345678901${String(i).padStart(7, '0')}`],
  ['github', 'github', true, (i) => 1000000 + i],
  ['facebook', 'facebook', true, (i) => `10987654${String(i).padStart(9, '0')}`],
  ['windowslive', 'windowslive', true, (i) => `98765432${String(i).padStart(11, '0')}`],
  ['sms', 'sms', false, (i) => `+1555${String(i).padStart(7, '0')}`],
  ['oidc', 'corp-oidc', false, (i) => `employee-${i}`],
  ['oauth2', 'gitea', true, (i) => `gitea|${i}`],
  ['linkedin', 'linkedin', true, (i) => `li-${i}`],
  ['email', 'email', false, (i) => `mail${i}`],
];

export function identities(n) {
  const picture = (i) => `${location.origin}/bench/avatar.svg?i=${i}`;
  const list = [
    {
      provider: 'auth0',
      user_id: ALICE.split('|')[1],
      connection: 'Username-Password-Authentication',
      isSocial: false,
      profileData: { email: 'alice@example.com', name: 'Alice Example', nickname: 'alice', picture: picture(0) },
    },
  ];
  for (let i = 1; i < n; i++) {
    const [provider, connection, isSocial, id] = KINDS[(i - 1) % KINDS.length];
    list.push({
      provider,
      user_id: id(i),
      connection,
      isSocial,
      profileData: { email: `person.${i}@example.com`, name: `Person ${i}`, nickname: `person${i}`, picture: picture(i) },
    });
  }
  return list;
}

/** The mock tenant with alice linked to exactly `list` (so that unlinking one of them succeeds). */
function seedTenant(list) {
  tenant.reset();
  tenant.getUser(ALICE).identities = structuredClone(list);
}

// ---- Helpers ----

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
/** Lets the last run's work (image loads, GC hints, pending tasks) pass before the next run. */
const settle = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 5)));
/** Style and layout of the whole page, now. */
const layout = () => void stage.offsetHeight;

/**
 * The time from `t0` to the end of the frame that first shows the update that ended at `t1`: the
 * update (script), then that frame's own work (style, layout, paint: `frame`), without the idle wait
 * for the frame. Forcing a layout instead would miss work the browser does only in a frame (rows
 * below the fold, which `content-visibility` lets it leave out, are laid out when they come near)
 * and count work it would not do there.
 */
function framed(t0, t1) {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const t2 = performance.now();
      // A message posted in the frame's callbacks runs once the frame's rendering is done.
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const t3 = performance.now();
        resolve({ total: t1 - t0 + (t3 - t2), script: t1 - t0, frame: t3 - t2 });
      };
      channel.port2.postMessage(null);
    }),
  );
}

/** Puts `el` alone on the stage, updated and laid out, in a task of its own after that. */
async function mount(el) {
  stage.replaceChildren();
  stage.append(el);
  await el.updateComplete;
  layout();
  await settle();
  return el;
}

function makeElement(list) {
  const el = document.createElement('account-linker');
  el.mode = 'management';
  el.domain = DOMAIN;
  el.clientId = DEMO_CLIENT_ID;
  el.accessToken = DEMO_TOKENS.alice;
  if (list) el.identities = list;
  return el;
}

function makeBare(list) {
  const el = document.createElement('bare-linker');
  el.identities = list;
  return el;
}

const rowsOf = (el) => el.shadowRoot.querySelectorAll(el.localName === 'account-linker' ? '[part~="identity"]' : 'li');

async function waitFor(check, what, ms = 5000) {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await tick(5);
  }
}

// ---- First render: create, set the identities, connect, update, and the frame that shows it. ----

async function renderOnce(kind, list, mark) {
  stage.replaceChildren();
  await settle();
  performance.mark(mark);
  const t0 = performance.now();
  const el = kind === 'element' ? makeElement(list) : makeBare(list);
  stage.append(el);
  await el.updateComplete;
  const time = await framed(t0, performance.now());
  performance.mark(`${mark}|end`);
  const rows = rowsOf(el).length;
  // Gone at once: the CPU time between the marks is this side's alone, and the next run does not
  // share the page with this one's rows.
  stage.replaceChildren();
  if (rows !== list.length) throw new Error(`${kind} rendered ${rows} rows of ${list.length}`);
  return time;
}

export async function render(n, runs, warmup) {
  const list = identities(n);
  const out = { element: [], bare: [], requests: [] };
  for (let i = 0; i < warmup + runs; i++) {
    // Alternate the order, so neither side always runs on a warmer (or colder) page.
    const order = i % 2 ? ['bare', 'element'] : ['element', 'bare'];
    for (const kind of order) {
      if (kind === 'element') startCounting();
      const time = await renderOnce(kind, list, `bench|render|${kind}|${i - warmup}`);
      if (kind === 'element') {
        await tick(10);
        out.requests.push(stopCounting());
      }
      if (i >= warmup) out[kind].push(time);
    }
  }
  stage.replaceChildren();
  await tick(50); // the last measured task ends (and reaches the trace) before the answer
  return out;
}

// ---- Unlink: the list after one row goes, from the answer to the re-rendered, laid out list. ----

async function unlinkElementOnce(list, key, mark) {
  await settle(); // a task of its own: the last run's work is not counted here
  seedTenant(list);
  const el = await mount(makeElement(list));
  const row = [...rowsOf(el)].find((r) => r.dataset.key === key);
  row.querySelector('[part~="unlink-button"]').click();
  await el.updateComplete;
  const confirm = el.shadowRoot.querySelector('[part~="confirm-unlink"]');
  const done = new Promise((resolve, reject) => {
    el.addEventListener(
      'account-unlinked',
      () => {
        // The new list is set and its update requested: time the update and its frame.
        performance.mark(mark);
        const t0 = performance.now();
        void el.updateComplete
          .then(() => framed(t0, performance.now()))
          .then((time) => {
            performance.mark(`${mark}|end`);
            resolve(time);
          });
      },
      { once: true },
    );
    el.addEventListener('account-linker-error', (e) => reject(new Error(`unlink failed: ${e.detail.code} ${e.detail.message}`)), { once: true });
  });
  startCounting();
  confirm.click();
  const time = await done;
  await tick(20);
  const requests = stopCounting();
  const rows = rowsOf(el).length;
  if (rows !== list.length - 1) throw new Error(`element shows ${rows} rows after the unlink, not ${list.length - 1}`);
  return { time, requests };
}

async function unlinkBareOnce(list, key, mark) {
  await settle(); // a task of its own: the last run's work is not counted here
  const el = await mount(makeBare(list));
  const button = el.shadowRoot.querySelector(`li[data-key="${CSS.escape(key)}"] button`);
  performance.mark(mark);
  const t0 = performance.now();
  button.click();
  await el.updateComplete;
  const time = await framed(t0, performance.now());
  performance.mark(`${mark}|end`);
  const rows = rowsOf(el).length;
  stage.replaceChildren();
  if (rows !== list.length - 1) throw new Error(`bare shows ${rows} rows after the unlink, not ${list.length - 1}`);
  return time;
}

export async function unlink(n, runs, warmup) {
  const list = identities(n);
  // A row in the middle: the rows after it move up.
  const target = list[Math.floor(n / 2)];
  const key = `${target.provider}|${target.user_id}`;
  const out = { element: [], bare: [], requests: [] };
  for (let i = 0; i < warmup + runs; i++) {
    const order = i % 2 ? ['bare', 'element'] : ['element', 'bare'];
    for (const kind of order) {
      if (kind === 'element') {
        const { time, requests } = await unlinkElementOnce(list, key, `bench|unlink|element|${i - warmup}`);
        out.requests.push(requests);
        if (i >= warmup) out.element.push(time);
      } else {
        const time = await unlinkBareOnce(list, key, `bench|unlink|bare|${i - warmup}`);
        if (i >= warmup) out.bare.push(time);
      }
    }
  }
  stage.replaceChildren();
  await tick(50); // the last measured task ends (and reaches the trace) before the answer
  return out;
}

// ---- Journeys that only count: loading the list, and finishing a management link on return. ----

export async function listJourney() {
  tenant.reset();
  stage.replaceChildren();
  startCounting();
  const el = makeElement(undefined);
  stage.append(el);
  await waitFor(() => rowsOf(el).length > 0 || el.shadowRoot.querySelector('[part~="error"]'), 'the list');
  await tick(50);
  const requests = stopCounting();
  const rows = rowsOf(el).length;
  stage.replaceChildren();
  return { requests, rows };
}

/** What a person does on the mock's /authorize page (as test/browser/management-helpers.ts `decide`). */
async function decide(authorizeUrl, identity) {
  const url = new URL(authorizeUrl);
  url.searchParams.set('response_mode', 'web_message');
  const page = await (await realFetch(url)).text();
  const tx = /name="tx" value="([^"]+)"/.exec(page)?.[1];
  if (!tx) throw new Error(`the /authorize page holds no transaction: ${page.slice(0, 200)}`);
  const answer = await (await realFetch(`${ORIGIN}/authorize/decision`, { method: 'POST', body: new URLSearchParams({ tx, identity }) })).text();
  const data = /postMessage\((\{.*\}), "/s.exec(answer)?.[1];
  if (!data) throw new Error(`the decision page posts no answer: ${answer.slice(0, 200)}`);
  const { response } = JSON.parse(data);
  if (response.error) throw new Error(`/authorize said ${response.error}: ${response.error_description}`);
  return response;
}

export async function returnJourney() {
  tenant.reset();
  sessionStorage.removeItem('account-linker:pending');
  stage.replaceChildren();
  // Start a link from a loaded element; the page would now leave for /authorize.
  const first = makeElement(undefined);
  stage.append(first);
  await waitFor(() => rowsOf(first).length > 0, 'the list before the link');
  const started = new Promise((resolve) =>
    first.addEventListener(
      'account-link',
      (e) => {
        e.preventDefault();
        resolve(e.detail.url);
      },
      { once: true },
    ),
  );
  first.shadowRoot.querySelector('[part~="add-link"]').click();
  const authorizeUrl = await started;
  first.remove();
  const { code, state } = await decide(authorizeUrl, 'github|7654321');

  // Back on the page with ?code&state: a new element finishes the link.
  const home = location.href;
  history.replaceState(null, '', `${location.pathname}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`);
  startCounting();
  const el = makeElement(undefined);
  const outcome = new Promise((resolve) => {
    el.addEventListener('account-linked', (e) => resolve({ linked: e.detail.identities.length }), { once: true });
    el.addEventListener('account-linker-error', (e) => resolve({ error: `${e.detail.code}: ${e.detail.message}` }), { once: true });
  });
  try {
    stage.append(el);
    const result = await Promise.race([outcome, tick(8000).then(() => ({ error: 'timed out' }))]);
    await tick(50);
    return { requests: stopCounting(), ...result };
  } finally {
    counter.on = false;
    history.replaceState(null, '', home);
    stage.replaceChildren();
  }
}

await startMockWorker();
await customElements.whenDefined('account-linker');
await customElements.whenDefined('bare-linker');
window.bench = { render, unlink, listJourney, returnJourney, isolated: window.crossOriginIsolated };
