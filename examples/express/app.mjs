// An Express app that signs the user in on the server (openid-client: authorization code with
// PKCE, a server-side session from express-session) and renders <account-linker> with the user's
// Management API token. It signs in through the public application the element uses (token
// endpoint authentication "None"), so the element can link as well as list and unlink.
//
//   npm install express express-session openid-client account-linker
//   npx account-linker-mock --seed node_modules/account-linker/examples/seed.json &
//   node app.mjs      # then open http://localhost:3000/account
//
// Against a real tenant: TENANT=https://YOUR_TENANT.eu.auth0.com CLIENT_ID=… (a Single Page
// Application), with ${BASE}/callback and ${BASE}/account in its Allowed Callback URLs, and
// SESSION_SECRET set.
import express from 'express';
import session from 'express-session';
import * as oidc from 'openid-client';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TENANT = new URL(process.env.TENANT ?? 'http://127.0.0.1:4400'); // what account-linker-mock printed
const CLIENT_ID = process.env.CLIENT_ID ?? 'my-spa'; // the public application the element uses too
const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 3000);
const AUDIENCE = new URL('/api/v2/', TENANT).href; // the Management API
const SCOPE = 'openid profile email read:current_user update:current_user_identities';

// The tenant's metadata from /.well-known/openid-configuration. No client secret: PKCE instead.
// Plain http only for the mock on this machine.
const config = await oidc.discovery(TENANT, CLIENT_ID, undefined, oidc.None(), {
  execute: TENANT.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
});

let BASE = `http://${HOST}:${PORT}`; // set again once listening (PORT=0 picks a free port)

/** Escapes a value for HTML text and double-quoted attributes: what a template engine does. */
const escapeHtml = (value) =>
  String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const app = express();
app.use(
  session({
    name: 'sid',
    secret: process.env.SESSION_SECRET ?? randomBytes(32).toString('hex'), // set it: sessions then survive a restart
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax' }, // and secure: true once the app is served over https
  }),
);

app.get('/login', (req, res, next) => {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  oidc
    .calculatePKCECodeChallenge(verifier)
    .then((challenge) => {
      req.session.signIn = { verifier, state, nonce };
      const authorize = oidc.buildAuthorizationUrl(config, {
        redirect_uri: `${BASE}/callback`,
        audience: AUDIENCE, // Auth0 issues a Management API token for this audience
        scope: SCOPE,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      req.session.save(() => res.redirect(authorize.href));
    })
    .catch(next);
});

app.get('/callback', async (req, res, next) => {
  const pending = req.session.signIn;
  if (!pending) return res.redirect('/login');
  let tokens;
  try {
    // Checks state, exchanges the code with the verifier, checks the ID token (iss, aud, nonce, exp).
    tokens = await oidc.authorizationCodeGrant(config, new URL(req.originalUrl, BASE), {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    return res.status(400).type('text').send(`Sign-in failed: ${error.error_description ?? error.message}`);
  }
  const claims = tokens.claims();
  // A new session id once signed in (no fixation); the tokens stay on the server.
  req.session.regenerate((error) => {
    if (error) return next(error);
    req.session.user = { sub: claims.sub, name: claims.name ?? claims.email ?? claims.sub };
    req.session.accessToken = tokens.access_token;
    req.session.expiresAt = Date.now() + (tokens.expiresIn() ?? 0) * 1000;
    req.session.save(() => res.redirect('/account'));
  });
});

app.get('/account', (req, res) => {
  const { user, accessToken, expiresAt } = req.session;
  if (!accessToken || Date.now() >= expiresAt) return res.redirect('/login');
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
<p>Signed in as ${escapeHtml(user.name)} · <a href="/logout">Sign out</a></p>
<account-linker mode="management" domain="${escapeHtml(TENANT.origin)}" client-id="${escapeHtml(CLIENT_ID)}"
  redirect-uri="${escapeHtml(`${BASE}/account`)}" access-token="${escapeHtml(accessToken)}"></account-linker>
</body>
</html>`);
});

app.get('/logout', (req, res) => {
  req.session.destroy(() => {
    const logout = new URL('/v2/logout', TENANT);
    logout.search = new URLSearchParams({ client_id: CLIENT_ID, returnTo: `${BASE}/` }).toString();
    res.redirect(logout.href);
  });
});

app.get('/', (req, res) => res.redirect('/account'));

// The element, and beside it its language chunks (it imports ./locales/… relative to itself).
const elementDir = dirname(fileURLToPath(import.meta.resolve('account-linker')));
app.get('/js/account-linker.js', (req, res) => res.sendFile(join(elementDir, 'account-linker.js')));
app.use('/js/locales', express.static(join(elementDir, 'locales'), { fallthrough: false, index: false }));

const server = app.listen(PORT, HOST, () => {
  BASE = `http://${HOST}:${server.address().port}`;
  console.log(`Open ${BASE}/account`);
});
