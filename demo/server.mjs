// The demo's "app server": the Auth0 mock mounted at the page's own origin (so the real
// top-level redirect to /authorize works) and server-side templates that print the signed-in
// user's token and identities into the page, the way an ASP.NET or Express view would. The server
// mode pages (server.html, server-popup.html) print no token at all: `account-linker/server` is
// mounted at SERVER_ENDPOINT and does the Auth0 work against the same mock, with the mock's Regular
// Web App (client secret) and M2M applications.
import { readFile } from 'node:fs/promises';
import { mockMiddleware } from '../src/mock/middleware.ts';
import {
  DEMO_CLIENT_ID,
  DEMO_TOKENS,
  DEMO_USER_IDS,
  M2M_CLIENT_ID,
  M2M_CLIENT_SECRET,
  REGULAR_CLIENT_ID,
  REGULAR_CLIENT_SECRET,
  tenant,
} from '../src/mock/index.ts';
import { accountLinker } from '../src/server/index.ts';

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
  '/demo/server.html': 'server',
  '/demo/server-popup.html': 'server-popup',
};

/** Pages of `mode="server"`: they sign the demo user in with a session cookie instead of printing a token. */
const SERVER_PAGES = new Set(['server', 'server-popup']);

/** Where the demo mounts `account-linker/server` (the pages' `endpoint`). */
export const SERVER_ENDPOINT = '/demo/api/identities';
/**
 * The demo's session: an HttpOnly cookie naming the demo user (alice, bob, carol), set when a server
 * mode page is served. The demo has no real sign-in; an app would read its own session here.
 */
export const SESSION_COOKIE = 'demo_user';
/** Seals the linker's transaction and result cookies. A real app reads it from its environment. */
const DEMO_SECRET = 'account-linker-demo-secret-not-for-production';

function readCookie(header, name) {
  for (const part of String(header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

const demoUser = (name) => (typeof name === 'string' && Object.hasOwn(DEMO_USER_IDS, name) ? name : undefined);

function escapeAttribute(value) {
  return String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const read = (file) => readFile(new URL(file, import.meta.url), 'utf8');

/** A page is a fragment whose first line names its title, put into the shared layout. */
async function renderPage(ctx, page) {
  const [layout, fragment] = await Promise.all([read('./layout.html'), read(`./pages/${page}.html`)]);
  const title = /<!-- title: (.*?) -->/.exec(fragment)?.[1] ?? 'account-linker';
  const source = layout.replace('{{BODY}}', fragment.replace(/^<!-- title: .*? -->\n/, ''));
  let user = Object.hasOwn(DEMO_TOKENS, ctx.query.user ?? '') ? ctx.query.user : 'alice';
  if (SERVER_PAGES.has(page)) {
    // `?user=` signs another demo user in; without it the session stays whose it is.
    user = demoUser(ctx.query.user) ?? demoUser(readCookie(ctx.get('Cookie'), SESSION_COOKIE)) ?? 'alice';
    ctx.append('Set-Cookie', `${SESSION_COOKIE}=${user}; Path=/; HttpOnly; SameSite=Lax`);
  }
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
    // Never printed by the server mode pages (their fragments do not name it).
    ACCESS_TOKEN: DEMO_TOKENS[user],
    ENDPOINT: SERVER_ENDPOINT,
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

const OWN_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?$/i;

/**
 * Whether `host` (a Host header) names this server by a loopback name — localhost, 127.0.0.1 or
 * [::1] — and its own `port` (no port: 80). Any other name reaching a loopback server is a page
 * whose own name was rebound to 127.0.0.1 (DNS rebinding), which must not read the demo or drive
 * the mock and the linker.
 */
export function isOwnLoopbackHost(host, port) {
  const match = OWN_HOST.exec(typeof host === 'string' ? host : '');
  if (!match) return false;
  return Number(match[2] ?? 80) === port;
}

/** 400 for every request whose Host is not this server's loopback name and port (see isOwnLoopbackHost). */
export function loopbackHostGuard() {
  return async (ctx, next) => {
    const sent = ctx.headers[':authority'] ?? ctx.headers.host;
    const host = Array.isArray(sent) ? sent[0] : sent;
    if (!isOwnLoopbackHost(host, ctx.req.socket?.localPort)) {
      ctx.status = 400;
      ctx.type = 'text/plain';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = 'This demo server answers only to localhost, 127.0.0.1 or [::1] with its own port.';
      return;
    }
    await next();
  };
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'expect', 'host']);
/** Bodies the linker is given: it refuses more than 4 KB itself (413); this only bounds the read. */
const MAX_LINKER_BODY = 64 * 1024;

async function readBody(stream, limit) {
  const chunks = [];
  let length = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.from(chunk);
    length += bytes.length;
    if (length > limit) break;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/**
 * `account-linker/server` at SERVER_ENDPOINT of the page's own origin, against the mock mounted at
 * that origin: `domain` and `baseURL` are the origin the request came to (loopback http is allowed
 * for a mock), the callback `{endpoint}/callback` is one of the Regular Web App's allowed callbacks
 * in the mock's seed (any loopback URL). One linker per origin. The mock forgets every token it
 * issued when it is reset (tests do, through /__mock/reset), and a linker keeps its M2M token until
 * it expires, so a reset also drops the linkers.
 */
export function linkerMiddleware() {
  const linkers = new Map();
  const linkerFor = (origin) => {
    let linker = linkers.get(origin);
    if (!linker) {
      linker = accountLinker({
        domain: origin,
        clientId: REGULAR_CLIENT_ID,
        clientSecret: REGULAR_CLIENT_SECRET,
        management: { clientId: M2M_CLIENT_ID, clientSecret: M2M_CLIENT_SECRET },
        baseURL: origin,
        endpoint: SERVER_ENDPOINT,
        secret: DEMO_SECRET,
        user: (request) => {
          const name = demoUser(readCookie(request.headers.get('Cookie'), SESSION_COOKIE));
          return name ? DEMO_USER_IDS[name] : null;
        },
      });
      linkers.set(origin, linker);
    }
    return linker;
  };
  return async (ctx, next) => {
    if (ctx.path === '/__mock/reset') {
      await next();
      if (ctx.status === 204) linkers.clear();
      return;
    }
    if (ctx.path !== SERVER_ENDPOINT && !ctx.path.startsWith(`${SERVER_ENDPOINT}/`)) return next();
    const origin = `${ctx.protocol}://${ctx.host}`;
    let linker;
    try {
      linker = linkerFor(origin);
    } catch (error) {
      // e.g. HOST names a LAN interface: account-linker/server takes http:// for loopback only.
      ctx.status = 500;
      ctx.type = 'text/plain';
      ctx.body = `The demo's server mode needs a loopback origin (${error instanceof Error ? error.message : 'bad options'}).`;
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(ctx.req.headers)) {
      if (value === undefined || name.startsWith(':') || HOP_BY_HOP.has(name.toLowerCase())) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
    }
    const hasBody = ctx.method !== 'GET' && ctx.method !== 'HEAD';
    const body = hasBody ? await readBody(ctx.req, MAX_LINKER_BODY) : undefined;
    const response = await linker.fetch(new Request(origin + ctx.url, { method: ctx.method, headers, ...(body ? { body } : {}) }), ctx);
    if (!response) return next();
    const payload = Buffer.from(await response.arrayBuffer());
    // Koa: the body first (a null body would turn the status into 204), then status and headers.
    ctx.body = payload.length > 0 ? payload : null;
    ctx.status = response.status;
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie' && name !== 'content-length') ctx.set(name, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) ctx.set('Set-Cookie', cookies);
  };
}

/**
 * `allow`: the only files served (the demo server passes DEMO_FILES; the test runner serves its own
 * files and the tests, so it passes none). Dot paths are never served. `loopbackOnly` (default:
 * on) answers only Host names of loopback and the server's own port (off when HOST names another
 * interface).
 */
export function serverMiddleware({ allow, loopbackOnly = true, ...options } = {}) {
  return [
    ...(loopbackOnly ? [loopbackHostGuard()] : []),
    templateMiddleware(options),
    linkerMiddleware(),
    mockMiddleware(),
    staticGuard({ allow }),
  ];
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
