// An Express app that signs in on the server as an Auth0 *Regular Web Application* (client id AND
// secret, authorization code) with express-openid-connect, and lets the signed-in person link and
// unlink their other logins with <account-linker mode="server">. The page holds no token at all:
// the element talks to /account/identities on this app, and `account-linker/server` does the Auth0
// work there (a second sign-in for the account to link, then the Management API with an M2M token).
//
// Run it against the offline tenant, from a folder where the package is installed:
//
//   npm install express express-openid-connect account-linker   # account-linker: see examples/README.md
//   npx account-linker-mock &     # the built-in tenant: the Regular Web App and the M2M app below
//   node app.mjs                  # waits for the tenant, then: open http://localhost:3000/account
//
// Sign in as Alice on the tenant's page, then "Add account". Against a real tenant set
//   AUTH0_DOMAIN=YOUR_TENANT.eu.auth0.com  AUTH0_CLIENT_ID=…  AUTH0_CLIENT_SECRET=…   (Regular Web App)
//   AUTH0_M2M_CLIENT_ID=…  AUTH0_M2M_CLIENT_SECRET=…   (Machine to Machine: read:users update:users)
//   BASE_URL=https://your.app  SESSION_SECRET=…  LINKER_SECRET=…   (32+ random characters each)
// and register ${BASE_URL}/callback and ${BASE_URL}/account/identities/callback as Allowed Callback
// URLs of the Regular Web App, ${BASE_URL} as an Allowed Logout URL.
import express from 'express';
import openid from 'express-openid-connect'; // a CommonJS package: named imports do not work
import { accountLinker } from 'account-linker/server';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const { auth, requiresAuth } = openid;

// The mock's applications (src/mock/seed.ts); demo secrets, never for production.
const DOMAIN = process.env.AUTH0_DOMAIN ?? 'http://127.0.0.1:4400'; // what account-linker-mock printed
const CLIENT_ID = process.env.AUTH0_CLIENT_ID ?? 'account-linker-regular';
const CLIENT_SECRET = process.env.AUTH0_CLIENT_SECRET ?? 'regular-web-app-secret-not-for-production';
const M2M_CLIENT_ID = process.env.AUTH0_M2M_CLIENT_ID ?? 'account-linker-m2m';
const M2M_CLIENT_SECRET = process.env.AUTH0_M2M_CLIENT_SECRET ?? 'm2m-secret-not-for-production';
const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 3000);
const WAIT_SECONDS = Number(process.env.WAIT_SECONDS ?? 30);
const ENDPOINT = '/account/identities';
const ISSUER = /^https?:\/\//.test(DOMAIN) ? DOMAIN.replace(/\/+$/, '') : `https://${DOMAIN}`;

/** Waits (bounded) until the tenant answers its discovery document: `npx account-linker-mock &` may still be starting. */
async function waitForTenant() {
  const discovery = `${ISSUER}/.well-known/openid-configuration`;
  const until = Date.now() + WAIT_SECONDS * 1000;
  for (let said = false; ; said = true) {
    try {
      const response = await fetch(discovery, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() >= until) {
      console.error(`The Auth0 tenant at ${ISSUER} did not answer in ${WAIT_SECONDS} s (${discovery}).`);
      console.error('Start it first (npx account-linker-mock), or set AUTH0_DOMAIN to your tenant.');
      process.exit(1);
    }
    if (!said) console.log(`Waiting for the Auth0 tenant at ${ISSUER} (up to ${WAIT_SECONDS} s)…`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Escapes a value for HTML text and double-quoted attributes: what a template engine does. */
const escapeHtml = (value) =>
  String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

await waitForTenant();

// Listen first so that PORT=0 (a free port) still gives the right BASE_URL to both libraries.
const server = createServer();
await new Promise((resolve) => server.listen(PORT, HOST, resolve));
const BASE_URL = process.env.BASE_URL ?? `http://${HOST}:${server.address().port}`;

const app = express();

// Sign-in: the Regular Web App with its secret; the session is express-openid-connect's encrypted cookie.
app.use(
  auth({
    issuerBaseURL: ISSUER,
    baseURL: BASE_URL,
    clientID: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    clientAuthMethod: 'client_secret_post', // what Auth0 gives a new Regular Web App
    secret: process.env.SESSION_SECRET ?? randomBytes(32).toString('hex'), // set it: sessions then survive a restart
    authRequired: false, // /account asks for it below; the linker answers 401 by itself
    auth0Logout: true, // /logout ends the tenant's session too (Auth0's /v2/logout; a custom domain needs it said)
    authorizationParams: { response_type: 'code', response_mode: 'query', scope: 'openid profile email' },
  }),
);

// The server half of <account-linker mode="server">: GET/POST/DELETE under /account/identities and
// its callback. It keeps no state: transactions and results live in sealed HttpOnly cookies.
const linker = accountLinker({
  domain: ISSUER,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  management: { clientId: M2M_CLIENT_ID, clientSecret: M2M_CLIENT_SECRET },
  baseURL: BASE_URL,
  endpoint: ENDPOINT,
  secret: process.env.LINKER_SECRET ?? randomBytes(32).toString('hex'),
  user: (request, native) => native.oidc.user?.sub ?? null, // the signed-in user, from the app's own session
});
app.use(linker.express());

app.get('/account', requiresAuth(), (req, res) => {
  const user = req.oidc.user;
  res.set('Cache-Control', 'no-store');
  res.type('html').send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Your sign-in methods</title>
<script type="module" src="/js/account-linker.js"></script>
</head>
<body>
<h1>Your sign-in methods</h1>
<p>Signed in as ${escapeHtml(user.name ?? user.email ?? user.sub)} · <a href="/logout">Sign out</a></p>
<account-linker mode="server" endpoint="${ENDPOINT}"></account-linker>
</body>
</html>`);
});

app.get('/', (req, res) => res.redirect('/account'));

// The element for browsers (dist/account-linker.js: in Node, `account-linker` resolves to the build
// that runs on Lit's server shim), and beside it the chunks it imports: ./chunks/… and ./locales/….
const elementDir = join(dirname(fileURLToPath(import.meta.resolve('account-linker/package.json'))), 'dist');
app.get('/js/account-linker.js', (req, res) => res.sendFile(join(elementDir, 'account-linker.js')));
for (const chunks of ['chunks', 'locales']) {
  app.use(`/js/${chunks}`, express.static(join(elementDir, chunks), { fallthrough: false, index: false }));
}

server.on('request', app);
console.log(`Open ${BASE_URL}/account`);
