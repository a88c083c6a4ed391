// Deterministic seed of the mock Auth0 tenant: one known client, demo users, spare identities
// that can be linked, and fixed access tokens a demo page can print.
import { isAllowedBy, urlRuleProblem } from './allowed-urls.js';
import { mockAccessToken } from './tokens.js';

/** Shape of `profileData` on secondary identities (Auth0 copies the linked user's profile here). */
export interface ProfileData {
  name?: string;
  email?: string;
  /** Copied from the linked user when the link is made (seeded secondaries omit it). */
  email_verified?: boolean;
  picture?: string;
  nickname?: string;
}

/** An Auth0 identity. `user_id` is a string or a number, as Auth0 returns it. */
export interface MockIdentity {
  provider: string;
  user_id: string | number;
  connection: string;
  isSocial: boolean;
  profileData?: ProfileData;
  /** IdP token Auth0 may expose; consumers must never render it. */
  access_token?: string;
}

/** An Auth0 user. `picture` is a path on the mock, made absolute per request. */
export interface MockUser {
  user_id: string;
  /** Absent on passwordless sms users, as on Auth0. */
  email?: string;
  /** Set whenever `email` is: true on every seed user except the `unverified` and `aliceImpostor` spares. */
  email_verified?: boolean;
  phone_number?: string;
  name: string;
  nickname: string;
  picture: string;
  /** ISO 8601; changes on link and unlink. */
  updated_at?: string;
  identities: MockIdentity[];
}

export const DEMO_CLIENT_ID = 'account-linker-demo';
export const DEMO_CLIENT_NAME = 'Account Linker Demo';
/** The tenant the fixed tokens name as issuer (the mock answers on any origin). */
export const DEMO_TENANT = 'https://tenant.example.com';
export const DATABASE_CONNECTION = 'Username-Password-Authentication';
export const DEMO_SCOPE = 'openid profile email read:current_user update:current_user_identities';

/**
 * What a browser login of the demo client may be granted (Auth0: the client's allowed scopes; the
 * Management API's `*:current_user*` scopes only). Never `read:users`/`update:users`: those are for
 * back-end (client-credentials) tokens, which only `tenant.issueAccessToken()` makes.
 */
export const DEMO_CLIENT_SCOPES: readonly string[] = [
  'openid',
  'profile',
  'email',
  'offline_access',
  'read:current_user',
  'update:current_user_identities',
  'create:current_user_metadata',
  'update:current_user_metadata',
  'delete:current_user_metadata',
  'create:current_user_device_credentials',
  'delete:current_user_device_credentials',
];

/** An OIDC-conformant Single Page App (public, PKCE), as every application created since 2017. */
export const SPA_CLIENT_ID = 'account-linker-spa';
/** A confidential "Regular Web App" client: must authenticate at /oauth/token with its secret. */
export const REGULAR_CLIENT_ID = 'account-linker-regular';
export const REGULAR_CLIENT_SECRET = 'regular-web-app-secret-not-for-production';
/** A machine-to-machine client: `client_credentials` for the Management API (`read:users update:users`). */
export const M2M_CLIENT_ID = 'account-linker-m2m';
export const M2M_CLIENT_SECRET = 'm2m-secret-not-for-production';
/** What a machine-to-machine client may be granted for the Management API audience. */
export const M2M_CLIENT_SCOPES: readonly string[] = ['read:users', 'update:users'];

/** A registered application of the tenant (Auth0: Applications → type, token endpoint auth method). */
export interface MockClient {
  client_id: string;
  name: string;
  app_type: 'spa' | 'regular_web' | 'non_interactive';
  /**
   * `none`: public (PKCE). A client with a secret must authenticate at /oauth/token, in the body or
   * by Basic, whichever of the two it names (as on Auth0).
   */
  token_endpoint_auth_method: 'none' | 'client_secret_post' | 'client_secret_basic';
  client_secret?: string;
  grant_types: readonly ('authorization_code' | 'refresh_token' | 'client_credentials')[];
  /** authorization_code: the scopes a login may get; client_credentials: those for `<origin>/api/v2/`. */
  scopes: readonly string[];
  /**
   * Auth0's "OIDC Conformant" switch (Advanced Settings → OAuth), on for every application created
   * since 2017. Off, `/userinfo` answers the legacy profile with `identities` (while the tenant's
   * `legacyLinking` setting is on).
   */
  oidc_conformant: boolean;
  /** Allowed Callback URLs (`redirect_uri` at /authorize); wildcards: see allowed-urls.ts. */
  callbacks: readonly string[];
  /** Allowed Web Origins: the only origins that get CORS headers (the union over all clients). */
  web_origins: readonly string[];
  /** Allowed Logout URLs (`returnTo` at /v2/logout). */
  allowed_logout_urls: readonly string[];
}

/**
 * The demo applications' allowed URLs: any loopback http(s) URL, on any port and path, and
 * https://app.example.com/*.
 */
export const DEMO_CALLBACKS: readonly string[] = [
  ...['localhost', '127.0.0.1', '[::1]'].flatMap((host) => [`http://${host}:*/*`, `https://${host}:*/*`]),
  'https://app.example.com/*',
];
/** The demo's allowed web origins (CORS): loopback http(s) on any port, and https://app.example.com. */
export const DEMO_WEB_ORIGINS: readonly string[] = DEMO_CALLBACKS.map((rule) => rule.replace(/\/\*$/, ''));
const DEMO_URLS = { callbacks: DEMO_CALLBACKS, web_origins: DEMO_WEB_ORIGINS, allowed_logout_urls: DEMO_CALLBACKS };

/** The tenant's applications. */
export const CLIENTS: readonly MockClient[] = [
  {
    // The seed's application, from before 2017: the legacy demo reads identities from /userinfo.
    client_id: DEMO_CLIENT_ID,
    name: DEMO_CLIENT_NAME,
    app_type: 'spa',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    scopes: DEMO_CLIENT_SCOPES,
    oidc_conformant: false,
    ...DEMO_URLS,
  },
  {
    // A Single Page App as created today (the SPA demo and the auth0-spa-js tests).
    client_id: SPA_CLIENT_ID,
    name: 'Account Linker SPA',
    app_type: 'spa',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    scopes: DEMO_CLIENT_SCOPES,
    oidc_conformant: true,
    ...DEMO_URLS,
  },
  {
    client_id: REGULAR_CLIENT_ID,
    name: 'Account Linker Regular Web App',
    app_type: 'regular_web',
    token_endpoint_auth_method: 'client_secret_post',
    client_secret: REGULAR_CLIENT_SECRET,
    grant_types: ['authorization_code', 'refresh_token'],
    scopes: DEMO_CLIENT_SCOPES,
    oidc_conformant: true,
    ...DEMO_URLS,
  },
  {
    client_id: M2M_CLIENT_ID,
    name: 'Account Linker Back End (M2M)',
    app_type: 'non_interactive',
    token_endpoint_auth_method: 'client_secret_post',
    client_secret: M2M_CLIENT_SECRET,
    grant_types: ['client_credentials'],
    scopes: M2M_CLIENT_SCOPES,
    oidc_conformant: true,
    callbacks: [],
    web_origins: [],
    allowed_logout_urls: [],
  },
];

export const findClient = (clientId: string | undefined | null): MockClient | undefined =>
  CLIENTS.find((client) => client.client_id === clientId);

/** The scopes /authorize grants: requested ∩ allowed, in the requested order, without duplicates. */
export function grantedScopes(requested: string, allowed: readonly string[] = DEMO_CLIENT_SCOPES): string {
  return [...new Set(requested.split(/\s+/).filter((scope) => allowed.includes(scope)))].join(' ');
}

/** Allowed callback URLs of the demo clients (`DEMO_CALLBACKS`). */
export const isAllowedCallback = (redirectUri: string): boolean => isAllowedBy(DEMO_CALLBACKS, redirectUri);

const avatar = (slug: string) => `/__mock/avatar/${slug}.svg`;

/** `updated_at` of every seed user (fixed, so the seed is the same on every load). */
export const SEED_UPDATED_AT = '2025-01-01T00:00:00.000Z';

/** A user whose only identity is its own (a login that is not linked to anything). */
function standalone(
  identity: Omit<MockIdentity, 'profileData'>,
  profile: {
    email?: string;
    email_verified?: boolean;
    phone_number?: string;
    name: string;
    nickname: string;
    slug: string;
  },
): MockUser {
  return {
    user_id: `${identity.provider}|${identity.user_id}`,
    ...(profile.email ? { email: profile.email, email_verified: profile.email_verified ?? true } : {}),
    ...(profile.phone_number ? { phone_number: profile.phone_number } : {}),
    name: profile.name,
    nickname: profile.nickname,
    picture: avatar(profile.slug),
    updated_at: SEED_UPDATED_AT,
    identities: [identity],
  };
}

export const DEMO_USER_IDS = {
  alice: 'auth0|alice0001',
  bob: 'auth0|bob0002',
  carol: 'auth0|carol0003',
} as const;

/** Composite ids of the spare (unlinked, linkable) users. */
export const SPARE_USER_IDS = {
  github: 'github|7654321',
  google: 'google-oauth2|118000000000000000001',
  facebook: 'facebook|10987654321098765',
  microsoft: 'windowslive|9876543210987654321',
  sms: 'sms|15555550123',
  oidc: 'oidc|corp|employee-42',
  /**
   * A custom social (OAuth2) connection that does not verify emails: `email_verified` is false.
   * Linking it is the account-takeover path Auth0's sample refuses.
   */
  unverified: 'oauth2|gitea|4242',
  /**
   * Alice's own Sign in with Apple, made before she linked anything: a separate user with her
   * email, verified. What the server's suggestions list for Alice (a provider she has not linked).
   */
  aliceApple: 'apple|001842.5c3d9ab6e1f04b7d8a2c6e9f0b1d3a57.1402',
  /**
   * Someone else's sign-up with Alice's email at a custom social connection (`forum`, a community
   * forum's OAuth2) that never verifies emails: never suggested to Alice; the link guard refuses it.
   */
  aliceImpostor: 'oauth2|forum|6666',
} as const;

const database = (user_id: string): MockIdentity => ({
  provider: 'auth0',
  user_id,
  connection: DATABASE_CONNECTION,
  isSocial: false,
});

/** The seed users, primary-first identities. Never mutated: the store clones it. */
export const SEED_USERS: readonly MockUser[] = [
  {
    user_id: DEMO_USER_IDS.alice,
    email: 'alice@example.com',
    email_verified: true,
    name: 'Alice Example',
    nickname: 'alice',
    picture: avatar('alice'),
    updated_at: SEED_UPDATED_AT,
    identities: [
      database('alice0001'),
      {
        provider: 'google-oauth2',
        user_id: '104223456789012345678',
        connection: 'google-oauth2',
        isSocial: true,
        access_token: 'ya29.mock-idp-token',
        profileData: {
          name: 'Alice Example',
          email: 'alice.example@gmail.com',
          picture: avatar('alice-google'),
          nickname: 'alice.example',
        },
      },
      {
        provider: 'github',
        user_id: 1234567, // GitHub ids are JSON numbers in Auth0 profiles
        connection: 'github',
        isSocial: true,
        profileData: {
          name: 'Alice Example',
          email: 'alice@users.noreply.github.com',
          picture: avatar('alice-github'),
          nickname: 'alice-gh',
        },
      },
    ],
  },
  {
    user_id: DEMO_USER_IDS.bob,
    email: 'bob@example.com',
    email_verified: true,
    name: 'Bob Example',
    nickname: 'bob',
    picture: avatar('bob'),
    updated_at: SEED_UPDATED_AT,
    identities: [database('bob0002')],
  },
  {
    user_id: DEMO_USER_IDS.carol,
    email: 'carol@example.com',
    email_verified: true,
    name: 'Carol Example',
    nickname: 'carol',
    picture: avatar('carol'),
    updated_at: SEED_UPDATED_AT,
    identities: [
      database('carol0003'),
      {
        provider: 'facebook',
        user_id: '10203040506070809',
        connection: 'facebook',
        isSocial: true,
        profileData: {
          name: 'Carol Example',
          email: 'carol@facebook.example',
          picture: avatar('carol-facebook'),
          nickname: 'carol.fb',
        },
      },
    ],
  },
  standalone(
    { provider: 'github', user_id: 7654321, connection: 'github', isSocial: true },
    { email: 'octo-spare@users.noreply.github.com', name: 'Octo Spare', nickname: 'octo-spare', slug: 'octo-spare' },
  ),
  standalone(
    { provider: 'google-oauth2', user_id: '118000000000000000001', connection: 'google-oauth2', isSocial: true },
    { email: 'grace.spare@gmail.com', name: 'Grace Spare', nickname: 'grace.spare', slug: 'grace-spare' },
  ),
  standalone(
    { provider: 'facebook', user_id: '10987654321098765', connection: 'facebook', isSocial: true },
    { email: 'finn.spare@facebook.example', name: 'Finn Spare', nickname: 'finn.spare', slug: 'finn-spare' },
  ),
  standalone(
    { provider: 'windowslive', user_id: '9876543210987654321', connection: 'windowslive', isSocial: true },
    { email: 'wendy.spare@outlook.example', name: 'Wendy Spare', nickname: 'wendy.spare', slug: 'wendy-spare' },
  ),
  standalone(
    // A string that looks numeric: it must never be turned into a number (precision, leading +).
    { provider: 'sms', user_id: '15555550123', connection: 'sms', isSocial: false },
    { phone_number: '+15555550123', name: '+15555550123', nickname: '+15555550123', slug: 'sms-spare' },
  ),
  standalone(
    // The id contains a pipe: composite ids split on the first `|` only.
    { provider: 'oidc', user_id: 'corp|employee-42', connection: 'corp-oidc', isSocial: false },
    { email: 'employee42@corp.example', name: 'Employee 42', nickname: 'employee-42', slug: 'employee-42' },
  ),
  standalone(
    // Custom social connection: provider `oauth2`, the connection name leads the id (Auth0's
    // `oauth2|CONNECTION|ID`). Its profile script never asserts a verified email.
    { provider: 'oauth2', user_id: 'gitea|4242', connection: 'gitea', isSocial: true },
    { email: 'una@example.com', email_verified: false, name: 'Una Unverified', nickname: 'una', slug: 'una-unverified' },
  ),
  standalone(
    // Sign in with Apple: the id is Apple's `sub` (team-scoped, dotted); Apple verifies the email.
    { provider: 'apple', user_id: '001842.5c3d9ab6e1f04b7d8a2c6e9f0b1d3a57.1402', connection: 'apple', isSocial: true },
    { email: 'alice@example.com', email_verified: true, name: 'Alice Example', nickname: 'alice.apple', slug: 'alice-apple' },
  ),
  standalone(
    { provider: 'oauth2', user_id: 'forum|6666', connection: 'forum', isSocial: true },
    { email: 'alice@example.com', email_verified: false, name: 'Alice Example', nickname: 'not-alice', slug: 'not-alice' },
  ),
];

/** Every connection the tenant knows (what `connection=` may name at /authorize). */
export const KNOWN_CONNECTIONS: readonly string[] = [
  ...new Set(SEED_USERS.flatMap((user) => user.identities.map((identity) => identity.connection))),
];

// Fixed issue/expiry times keep the tokens byte-for-byte stable across runs.
const ISSUED_AT = 1735689600; // 2025-01-01
const NEVER = 4102444800; // 2100-01-01
const FIXED_SIGNATURE = 'bW9jay1zaWduYXR1cmUtbm90LXZlcmlmaWFibGU'; // "mock-signature-not-verifiable"

const demoToken = (sub: string, iat = ISSUED_AT, exp = NEVER) =>
  mockAccessToken(
    {
      iss: `${DEMO_TENANT}/`,
      sub,
      aud: [`${DEMO_TENANT}/api/v2/`, `${DEMO_TENANT}/userinfo`],
      azp: DEMO_CLIENT_ID,
      scope: DEMO_SCOPE,
      iat,
      exp,
    },
    FIXED_SIGNATURE,
  );

/** Access tokens the tenant accepts from the start; `expired` is alice's, already expired. */
export const DEMO_TOKENS = {
  alice: demoToken(DEMO_USER_IDS.alice),
  bob: demoToken(DEMO_USER_IDS.bob),
  carol: demoToken(DEMO_USER_IDS.carol),
  expired: demoToken(DEMO_USER_IDS.alice, 1577836800, 1577923200), // 2020-01-01 → 2020-01-02
} as const;

/** What a tenant starts from (and `reset()` returns to): its applications and users. */
export interface TenantSeed {
  clients: readonly MockClient[];
  users: readonly MockUser[];
  /** Access tokens accepted from the start (JWT-shaped, known by lookup). */
  tokens?: readonly string[];
}

/** The built-in demo tenant: `CLIENTS`, `SEED_USERS` and `DEMO_TOKENS`. */
export const DEMO_SEED: TenantSeed = { clients: CLIENTS, users: SEED_USERS, tokens: Object.values(DEMO_TOKENS) };

/** URLs to register for an application of a seed (each list added to what it has). */
export interface ClientUrls {
  /** Allowed Callback URLs, e.g. a server's `http://localhost:3000/account-linker/callback`. */
  callbacks?: readonly string[];
  /** Allowed Web Origins (CORS), `http(s)://host[:port]`. */
  web_origins?: readonly string[];
  /** Allowed Logout URLs. */
  allowed_logout_urls?: readonly string[];
}

/**
 * A copy of `seed` (the demo tenant by default) whose application `clientId` also allows `urls`, as
 * registering them in Auth0's dashboard would: e.g. the Regular Web App's callback of a server
 * under test, `withClientUrls(REGULAR_CLIENT_ID, {callbacks: ['https://app.test/linker/callback']})`.
 * Throws TypeError for an unknown client or a URL Auth0 would refuse (wildcards as in `allowed-urls.ts`).
 */
export function withClientUrls(clientId: string, urls: ClientUrls, seed: TenantSeed = DEMO_SEED): TenantSeed {
  if (!seed.clients.some((client) => client.client_id === clientId)) throw new TypeError(`No application ${clientId} in the seed.`);
  for (const [field, kind] of [['callbacks', 'url'], ['web_origins', 'origin'], ['allowed_logout_urls', 'url']] as const) {
    for (const url of urls[field] ?? []) {
      const problem = urlRuleProblem(url, kind);
      if (problem) throw new TypeError(`${field}: ${url} ${problem}`);
    }
  }
  const add = (list: readonly string[], more: readonly string[] = []) => [...new Set([...list, ...more])];
  return {
    ...seed,
    clients: seed.clients.map((client) =>
      client.client_id !== clientId
        ? client
        : {
            ...client,
            callbacks: add(client.callbacks, urls.callbacks),
            web_origins: add(client.web_origins, urls.web_origins),
            allowed_logout_urls: add(client.allowed_logout_urls, urls.allowed_logout_urls),
          },
    ),
  };
}
