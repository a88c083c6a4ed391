// The SPA: auth0-spa-js signs in and keeps the tokens; the element asks it for one whenever it
// needs one (tokenProvider). The element links in a popup, so this page's ?code&state on return
// is always auth0-spa-js's own sign-in.
import { createAuth0Client } from '../../node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.esm.js';

// Your tenant and your Single Page Application (token endpoint authentication: None). As they
// are: the tenant of `npx account-linker-mock --seed examples/seed.json`. A mock on another port
// of this machine: ?tenant=http://127.0.0.1:PORT (the tests use it). Loopback only, so that no
// link can point the page at someone else's tenant; drop the override in your app.
const override = new URLSearchParams(location.search).get('tenant');
const domain = override && /^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(override) ? override : 'http://127.0.0.1:4400';
const clientId = 'my-spa';
const issuer = domain.includes('://') ? domain : `https://${domain}`; // YOUR_TENANT.eu.auth0.com → https://…

const home = new URL(location.href);
for (const name of ['code', 'state', 'error', 'error_description']) home.searchParams.delete(name);

const status = document.getElementById('status');
const signIn = document.getElementById('sign-in');
const signOut = document.getElementById('sign-out');

const auth0 = await createAuth0Client({
  domain,
  clientId,
  authorizationParams: {
    redirect_uri: home.href,
    audience: `${issuer}/api/v2/`, // the Management API
    scope: 'openid profile email read:current_user update:current_user_identities',
  },
});

const query = new URLSearchParams(location.search);
if (query.has('state') && (query.has('code') || query.has('error'))) {
  try {
    await auth0.handleRedirectCallback();
  } catch (error) {
    status.textContent = `Sign-in failed: ${error.error_description ?? error.message}`;
  }
  history.replaceState(null, '', home.href); // the code is single use: out of the address bar
}

if (await auth0.isAuthenticated()) {
  const user = await auth0.getUser();
  status.textContent = `Signed in as ${user.name ?? user.email ?? user.sub}`;
  // Made once signed in, so it never starts without a token source.
  const linker = Object.assign(document.createElement('account-linker'), { mode: 'management', popup: true, domain, clientId, redirectUri: home.href });
  linker.tokenProvider = () => auth0.getTokenSilently(); // asked whenever a token is needed
  linker.addEventListener('account-linked', (e) => console.log('now linked:', e.detail.identities));
  linker.addEventListener('account-linker-error', (e) => console.warn(e.detail.code, e.detail.message));
  document.getElementById('linker-slot').append(linker);
  signOut.hidden = false;
} else {
  if (!status.textContent.startsWith('Sign-in failed')) status.textContent = 'Signed out';
  signIn.hidden = false;
}

signIn.addEventListener('click', () => auth0.loginWithRedirect());
signOut.addEventListener('click', () => auth0.logout({ logoutParams: { returnTo: home.href } }));
