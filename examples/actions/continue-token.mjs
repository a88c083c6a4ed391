// The app's half of examples/actions/suggest-linking.js, with node:crypto only: check the
// session_token the Action sent the person with, and make the signed answer Auth0's /continue
// takes back. Both are HS256 JWTs signed with the secret the Action and the app share.
import { createHmac, timingSafeEqual } from 'node:crypto';

const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const sign = (input, secret) => createHmac('sha256', secret).update(input).digest();

function jwt(payload, secret) {
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${sign(input, secret).toString('base64url')}`;
}

/**
 * The Action's session_token, checked: HS256 with `secret`, not expired, issued by `tenantHost`
 * (Auth0 puts the tenant's host in `iss`), with the user's id in `sub`. Throws when any of it fails.
 * Returns `{sub, email, candidates}` (candidates: `[{provider, connection}]`).
 */
export function readSessionToken(token, { secret, tenantHost, now = Date.now() }) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) throw new Error('not a JWT');
  const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  if (header.alg !== 'HS256') throw new Error('not HS256');
  const expected = sign(`${parts[0]}.${parts[1]}`, secret);
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature');
  const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw new Error('expired');
  if (String(claims.iss ?? '').replace(/^https:\/\//, '').replace(/\/$/, '') !== tenantHost) throw new Error('another issuer');
  if (typeof claims.sub !== 'string' || !Array.isArray(claims.candidates)) throw new Error('not the Action\'s token');
  return { sub: claims.sub, email: claims.email, candidates: claims.candidates };
}

/**
 * What resumes the login: a form the page POSTs (Auth0 advises POST, so the answer is not left in
 * a URL to replay) to `https://TENANT/continue?state=…` with the signed answer in `session_token`.
 * `dismiss`: the person asked not to be asked again (the Action records it in app_metadata).
 * Auth0 refuses an answer without iss, sub (the login's user), iat, exp (a minute or more ahead)
 * and state (the one it gave the page).
 */
export function continueForm({ tenantHost, state, sub, secret, dismiss = false, now = Date.now() }) {
  const iat = Math.floor(now / 1000);
  const action = new URL(`https://${tenantHost}/continue`);
  action.searchParams.set('state', state);
  return {
    action: action.href,
    fields: { session_token: jwt({ iss: `https://${tenantHost}/`, sub, state, iat, exp: iat + 120, dismiss }, secret) },
  };
}
