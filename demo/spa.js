// The SPA demo: auth0-spa-js signs in, the element gets its tokens from `tokenProvider`. The
// element links in a popup, so this page's own redirect callback (?code&state) is only spa-js's.
import { createAuth0Client } from '/node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.esm.js';

const origin = location.origin;
const home = `${origin}/demo/spa.html`;
const status = document.getElementById('status');
const signIn = document.getElementById('sign-in');
const signOut = document.getElementById('sign-out');

function failed(error) {
  status.textContent = `Sign-in failed: ${error?.error_description ?? error?.message ?? error}`;
  signIn.hidden = false;
}

const auth0 = await createAuth0Client({
  domain: origin, // the mock answers on this loopback origin: issuer `${origin}/`
  clientId: 'account-linker-spa',
  authorizationParams: {
    redirect_uri: home,
    audience: `${origin}/api/v2/`,
    scope: 'openid profile email read:current_user update:current_user_identities',
  },
}).catch(failed);

const params = new URLSearchParams(location.search);
if (auth0 && (params.has('code') || params.has('error')) && params.has('state')) {
  try {
    await auth0.handleRedirectCallback();
  } catch (error) {
    failed(error);
  }
  history.replaceState(null, '', home); // the code is single use: keep it out of history and reloads
}

// Only the claims a page may show: the token itself is never printed.
function describeToken(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return { audience: [payload.aud].flat()[0], scopes: payload.scope };
  } catch {
    return { audience: 'an opaque token', scopes: '(unreadable)' };
  }
}

if (!auth0) {
  // failed() said why; the sign-in button is there to try again.
} else if (await auth0.isAuthenticated()) {
  const user = await auth0.getUser();
  const elapsed = Math.round(performance.now());
  status.textContent = `Signed in as ${user.name} (${user.sub}), ${elapsed} ms after the page started`;
  const { audience, scopes } = describeToken(await auth0.getTokenSilently());
  document.getElementById('token-audience').textContent = audience;
  document.getElementById('token-scopes').textContent = scopes;
  document.getElementById('token').hidden = false;
  // Made once signed in, so it never starts without a token source.
  const linker = Object.assign(document.createElement('account-linker'), {
    mode: 'management',
    popup: true,
    domain: origin,
    clientId: 'account-linker-spa',
    redirectUri: home,
    tokenProvider: () => auth0.getTokenSilently(),
  });
  document.getElementById('linker-slot').append(linker);
  signOut.hidden = false;
} else if (!status.textContent.startsWith('Sign-in failed')) {
  status.textContent = 'Signed out';
  signIn.hidden = false;
}

signIn.addEventListener('click', () => (auth0 ? auth0.loginWithRedirect().catch(failed) : location.reload()));
signOut.addEventListener('click', () => auth0?.logout({ logoutParams: { returnTo: home } }));
