// The demo's "app server": the Auth0 mock mounted at the page's own origin (so the real
// top-level redirect to /authorize works) and server-side templates that print the signed-in
// user's token and identities into the page, the way an ASP.NET or Express view would.
import { readFile } from 'node:fs/promises';
import { mockMiddleware } from '../src/mock/middleware.ts';
import { DEMO_CLIENT_ID, DEMO_TOKENS, DEMO_USER_IDS, tenant } from '../src/mock/index.ts';

// `/demo/` leads with the Management API mode (what real tenants serve); `index`, `connections`
// and `server-rendered` are the legacy (Authentication API) pages, which only the mock answers.
const PAGES = {
  '/demo/': 'management',
  '/demo/management.html': 'management',
  '/demo/popup.html': 'popup',
  '/demo/styling.html': 'styling',
  '/demo/index.html': 'index',
  '/demo/connections.html': 'connections',
  '/demo/server-rendered.html': 'server-rendered',
};

function escapeAttribute(value) {
  return String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const read = (file) => readFile(new URL(file, import.meta.url), 'utf8');

/** A page is a fragment whose first line names its title, put into the shared layout. */
async function renderPage(ctx, page) {
  const [layout, fragment] = await Promise.all([read('./layout.html'), read(`./pages/${page}.html`)]);
  const title = /<!-- title: (.*?) -->/.exec(fragment)?.[1] ?? 'account-linker';
  const source = layout.replace('{{BODY}}', fragment.replace(/^<!-- title: .*? -->\n/, ''));
  const user = Object.hasOwn(DEMO_TOKENS, ctx.query.user ?? '') ? ctx.query.user : 'alice';
  const origin = `${ctx.protocol}://${ctx.host}`;
  const profile = tenant.getUser(DEMO_USER_IDS[user] ?? DEMO_USER_IDS.alice);
  const absolute = (picture) => (picture?.startsWith('/') ? origin + picture : picture);
  // What a server would print: identities without IdP tokens, pictures as absolute URLs.
  const identities = (profile?.identities ?? []).map(({ access_token: _a, refresh_token: _r, ...identity }) =>
    identity.profileData ? { ...identity, profileData: { ...identity.profileData, picture: absolute(identity.profileData.picture) } } : identity,
  );
  const values = {
    ORIGIN: origin,
    CLIENT_ID: DEMO_CLIENT_ID,
    ACCESS_TOKEN: DEMO_TOKENS[user],
    // The styling page's failing card: an access token (Alice's) that expired in 2020.
    EXPIRED_TOKEN: DEMO_TOKENS.expired,
    USER: user,
    USER_ID: DEMO_USER_IDS[user] ?? '',
    USER_NAME: profile?.name ?? '',
    IDENTITIES: JSON.stringify(identities),
    TITLE: title,
  };
  return source.replace(/\{\{(\w+)\}\}/g, (match, key) => (key in values ? escapeAttribute(values[key]) : match));
}

/** `redirectRoot`: send `/` to the demo (the dev server; the test runner serves its own page at `/`). */
export function templateMiddleware({ redirectRoot = true } = {}) {
  return async (ctx, next) => {
    const page = ctx.method === 'GET' ? PAGES[ctx.path] : undefined;
    if (page) {
      ctx.type = 'html';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await renderPage(ctx, page);
      return;
    }
    if (redirectRoot && ctx.path === '/') {
      ctx.redirect('/demo/');
      return;
    }
    // msw's worker script must be served from the root so that it can control scope "/".
    if (ctx.path === '/mockServiceWorker.js') ctx.url = '/public/mockServiceWorker.js';
    await next();
  };
}

/** What the demo server serves besides its pages and the mock: prefixes of decoded paths. */
export const DEMO_FILES = [
  '/demo/',
  '/dist/',
  '/public/mockServiceWorker.js',
  // The SPA demo's real auth0-spa-js (no CDN: the demo works offline).
  '/node_modules/@auth0/auth0-spa-js/dist/',
];

/**
 * In front of the static files: 404 for any path with a segment starting with '.' (`.git`,
 * `.env`, `..`), however it is encoded, and with `allow`, for every path outside those prefixes.
 * The mock's own `/.well-known/jwks.json` is answered before this.
 */
export function staticGuard({ allow } = {}) {
  return async (ctx, next) => {
    let path;
    try {
      path = decodeURIComponent(ctx.path);
    } catch {
      path = undefined;
    }
    const refused =
      path === undefined ||
      path.split(/[/\\]/).some((segment) => segment.startsWith('.')) ||
      (allow && !allow.some((prefix) => path.startsWith(prefix)));
    if (refused) {
      ctx.status = 404;
      ctx.type = 'text/plain';
      ctx.body = 'Not found';
      return;
    }
    await next();
  };
}

/**
 * `allow`: the only files served (the demo server passes DEMO_FILES; the test runner serves its own
 * files and the tests, so it passes none). Dot paths are never served.
 */
export function serverMiddleware({ allow, ...options } = {}) {
  return [templateMiddleware(options), mockMiddleware(), staticGuard({ allow })];
}

/**
 * A dev-server plugin that makes the server listen on `host` only. @web/dev-server 0.4.6 listens
 * on every interface when its `hostname` is 'localhost' or '127.0.0.1' (it passes no host to
 * listen()), so the server is moved to `host` as it starts, before any page is opened.
 */
export function listenOn(host) {
  return {
    name: 'listen-on',
    async serverStart({ server }) {
      const address = server?.address();
      if (!server || !address || typeof address === 'string' || address.address === host) return;
      await new Promise((resolve) => server.close(() => resolve()));
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: address.port, host }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    },
  };
}
