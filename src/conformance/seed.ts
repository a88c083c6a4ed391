// What the conformance command knows of the stand-alone mock's built-in tenant (`npx
// account-linker-mock` without --seed): the demo users it signs in as, the spare accounts it links,
// the account whose email is not verified, and the values that must never reach a browser. A test
// keeps these equal to src/mock/seed.ts; another seed is described with the command's options.

/** The user the command signs in as first, and the second session's user. */
export const DEFAULT_USER = 'auth0|alice0001';
export const DEFAULT_OTHER_USER = 'auth0|bob0002';

/** Accounts of their own, not linked to anyone in the seed: what the link journeys link (and unlink again). */
export const SPARE_ACCOUNTS: readonly string[] = [
  'github|7654321',
  'google-oauth2|118000000000000000001',
  'facebook|10987654321098765',
  'windowslive|9876543210987654321',
];

/** A custom social connection's account whose `email_verified` is false. */
export const UNVERIFIED_ACCOUNT = 'oauth2|gitea|4242';

/** Another user with DEFAULT_USER's email, verified (Alice's own Apple sign-up): what `/suggestions` must list. */
export const SUGGESTED_ACCOUNT = 'apple|001842.5c3d9ab6e1f04b7d8a2c6e9f0b1d3a57.1402';

/** Another user with DEFAULT_USER's email, unverified (an impostor's sign-up): what `/suggestions` must never list. */
export const NOT_SUGGESTED_ACCOUNT = 'oauth2|forum|6666';

/** The seed's client secrets and IdP tokens: never in an answer of the app. */
export const SEED_SECRETS: readonly string[] = [
  'regular-web-app-secret-not-for-production',
  'm2m-secret-not-for-production',
  'ya29.mock-idp-token',
];

/** The seed's machine-to-machine application (to check the token scan on a real token of the tenant). */
export const M2M = { clientId: 'account-linker-m2m', clientSecret: 'm2m-secret-not-for-production' } as const;
