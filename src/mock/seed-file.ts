// A tenant described as JSON (`account-linker-mock --seed FILE`, and the `--state` file): checked
// field by field, so a mistake is reported where it is (`clients[1].callbacks[0]: …`) instead of
// surfacing later as a puzzling 400 from /authorize. Field names are Auth0's own (Management API
// clients and users), plus `scopes` for what a client may be granted.
import { urlRuleProblem, type UrlRuleKind } from './allowed-urls.js';
import {
  DEMO_CLIENT_SCOPES,
  M2M_CLIENT_SCOPES,
  SEED_UPDATED_AT,
  type MockClient,
  type MockIdentity,
  type MockUser,
  type ProfileData,
  type TenantSeed,
} from './seed.js';
import { DEFAULT_SETTINGS, type TenantState } from './store.js';

/** A seed or state that cannot be used; `problems` lists every field at fault (`path: what`). */
export class SeedError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'SeedError';
  }
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects problems while reading one document. */
class Reader {
  readonly problems: string[] = [];

  fail(path: string, problem: string): undefined {
    this.problems.push(`${path}: ${problem}`);
    return undefined;
  }

  object(value: unknown, path: string, fields: readonly string[]): Json | undefined {
    if (!isObject(value)) return this.fail(path, 'must be an object');
    for (const key of Object.keys(value)) {
      if (!fields.includes(key)) this.fail(`${path}.${key}`, `unknown field (known: ${fields.join(', ')})`);
    }
    return value;
  }

  string(value: unknown, path: string, pattern?: [RegExp, string]): string | undefined {
    if (typeof value !== 'string' || !value.trim()) return this.fail(path, 'must be a non-empty string');
    if (pattern && !pattern[0].test(value)) return this.fail(path, pattern[1]);
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    return typeof value === 'boolean' ? value : this.fail(path, 'must be true or false');
  }

  array(value: unknown, path: string): unknown[] | undefined {
    return Array.isArray(value) ? value : this.fail(path, 'must be an array');
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    return allowed.includes(value as T) ? (value as T) : this.fail(path, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }

  /** Present: checked with `read`; absent: `fallback`. */
  optional<T>(object: Json, key: string, read: (value: unknown) => T | undefined, fallback?: T): T | undefined {
    return object[key] === undefined ? fallback : read(object[key]);
  }

  urls(value: unknown, path: string, kind: UrlRuleKind): string[] | undefined {
    const list = this.array(value, path);
    if (!list) return undefined;
    const bad = list.map((rule, i) => [i, urlRuleProblem(rule, kind)] as const).filter(([, problem]) => problem);
    for (const [i, problem] of bad) this.fail(`${path}[${i}]`, problem!);
    return bad.length ? undefined : (list as string[]);
  }

  scopes(value: unknown, path: string): string[] | undefined {
    const list = this.array(value, path);
    if (!list) return undefined;
    const before = this.problems.length;
    list.forEach((scope, i) => this.string(scope, `${path}[${i}]`, [/^\S+$/, 'must be one scope (no spaces)']));
    return this.problems.length === before ? (list as string[]) : undefined;
  }
}

const USER_FIELDS = ['user_id', 'email', 'email_verified', 'phone_number', 'name', 'nickname', 'picture', 'updated_at', 'identities'];
const IDENTITY_FIELDS = ['provider', 'user_id', 'connection', 'isSocial', 'profileData', 'access_token'];
const PROFILE_FIELDS = ['name', 'email', 'email_verified', 'picture', 'nickname'];
const CLIENT_FIELDS = [
  'client_id',
  'name',
  'app_type',
  'token_endpoint_auth_method',
  'client_secret',
  'grant_types',
  'scopes',
  'oidc_conformant',
  'callbacks',
  'web_origins',
  'allowed_logout_urls',
];
const APP_TYPES = ['spa', 'regular_web', 'non_interactive'] as const;
const AUTH_METHODS = ['none', 'client_secret_post', 'client_secret_basic'] as const;
const GRANTS = ['authorization_code', 'refresh_token', 'client_credentials'] as const;

const PICTURE: [RegExp, string] = [/^(https?:\/\/\S+|\/\S*)$/, 'must be an absolute http(s) URL or a path on the mock (/…)'];
const EMAIL: [RegExp, string] = [/^[^\s@]+@[^\s@]+$/, 'must be an email address'];
const ISO_DATE: [RegExp, string] = [/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'must be an ISO 8601 UTC time (2025-01-01T00:00:00.000Z)'];

/** The mock's generated avatar for a name (`/__mock/avatar/<slug>.svg`). */
const avatarFor = (name: string) =>
  `/__mock/avatar/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'user'}.svg`;

function readProfile(r: Reader, value: unknown, path: string): ProfileData | undefined {
  const o = r.object(value, path, PROFILE_FIELDS);
  if (!o) return undefined;
  const text = (key: string, pattern?: [RegExp, string]) => r.optional(o, key, (v) => r.string(v, `${path}.${key}`, pattern));
  const profile: ProfileData = {};
  const name = text('name');
  const email = text('email', EMAIL);
  const picture = text('picture', PICTURE);
  const nickname = text('nickname');
  const verified = r.optional(o, 'email_verified', (v) => r.boolean(v, `${path}.email_verified`));
  if (name !== undefined) profile.name = name;
  if (email !== undefined) profile.email = email;
  if (verified !== undefined) profile.email_verified = verified;
  if (picture !== undefined) profile.picture = picture;
  if (nickname !== undefined) profile.nickname = nickname;
  return profile;
}

function readIdentity(r: Reader, value: unknown, path: string): MockIdentity | undefined {
  const o = r.object(value, path, IDENTITY_FIELDS);
  if (!o) return undefined;
  const provider = r.string(o.provider, `${path}.provider`, [/^[^|\s]+$/, 'must not contain "|" or spaces']);
  const number = typeof o.user_id === 'number' && Number.isSafeInteger(o.user_id) && o.user_id >= 0;
  const text = typeof o.user_id === 'string' && o.user_id.trim() !== '';
  // GitHub ids are JSON numbers in Auth0 profiles.
  const userId = number || text ? (o.user_id as string | number) : r.fail(`${path}.user_id`, 'must be a non-empty string or a whole number');
  const connection = r.string(o.connection, `${path}.connection`);
  const isSocial = r.boolean(o.isSocial, `${path}.isSocial`);
  const profileData = r.optional(o, 'profileData', (v) => readProfile(r, v, `${path}.profileData`));
  const accessToken = r.optional(o, 'access_token', (v) => r.string(v, `${path}.access_token`));
  if (provider === undefined || userId === undefined || connection === undefined || isSocial === undefined) return undefined;
  return {
    provider,
    user_id: userId,
    connection,
    isSocial,
    ...(profileData ? { profileData } : {}),
    ...(accessToken ? { access_token: accessToken } : {}),
  };
}

function readUser(r: Reader, value: unknown, path: string): MockUser | undefined {
  const o = r.object(value, path, USER_FIELDS);
  if (!o) return undefined;
  const text = (key: string, pattern?: [RegExp, string]) => r.optional(o, key, (v) => r.string(v, `${path}.${key}`, pattern));
  const userId = r.string(o.user_id, `${path}.user_id`, [/^[^|\s]+\|\S+$/, 'must be "provider|id", the id of its first identity']);
  const email = text('email', EMAIL);
  const emailVerified = r.optional(o, 'email_verified', (v) => r.boolean(v, `${path}.email_verified`));
  const phone = text('phone_number');
  const name = text('name');
  const nickname = text('nickname');
  const picture = text('picture', PICTURE);
  const updatedAt = text('updated_at', ISO_DATE);
  const list = r.array(o.identities, `${path}.identities`);
  if (list && list.length === 0) r.fail(`${path}.identities`, 'must hold at least the user\'s own identity');
  const identities = (list ?? []).map((identity, i) => readIdentity(r, identity, `${path}.identities[${i}]`));
  const [own] = identities;
  if (userId && own && `${own.provider}|${own.user_id}` !== userId) {
    r.fail(`${path}.identities[0]`, `must be the user's own identity (provider|user_id = "${userId}")`);
  }
  if (emailVerified !== undefined && email === undefined) r.fail(`${path}.email_verified`, 'needs an email');
  if (!userId || !list || identities.some((identity) => !identity)) return undefined;
  const shownName = name ?? email ?? phone ?? userId;
  const nick = nickname ?? email?.split('@')[0] ?? shownName;
  return {
    user_id: userId,
    ...(email ? { email, email_verified: emailVerified ?? true } : {}),
    ...(phone ? { phone_number: phone } : {}),
    name: shownName,
    nickname: nick,
    picture: picture ?? avatarFor(nick),
    updated_at: updatedAt ?? SEED_UPDATED_AT,
    identities: identities as MockIdentity[],
  };
}

/** Users, each identity belonging to one user only. */
function readUsers(r: Reader, value: unknown, path: string): MockUser[] | undefined {
  const list = r.array(value, path);
  if (!list) return undefined;
  const users = list.map((user, i) => readUser(r, user, `${path}[${i}]`));
  const owners = new Map<string, string>();
  users.forEach((user, i) =>
    user?.identities.forEach((identity, j) => {
      const id = `${identity.provider}|${identity.user_id}`;
      const owner = owners.get(id);
      if (owner) r.fail(`${path}[${i}].identities[${j}]`, `"${id}" is already ${owner}`);
      else owners.set(id, j === 0 ? `the user ${path}[${i}]` : `an identity of ${path}[${i}]`);
    }),
  );
  return users.every((user) => user) ? (users as MockUser[]) : undefined;
}

function readClient(r: Reader, value: unknown, path: string): MockClient | undefined {
  const o = r.object(value, path, CLIENT_FIELDS);
  if (!o) return undefined;
  const at = (key: string) => `${path}.${key}`;
  const clientId = r.string(o.client_id, at('client_id'), [/^[\w.~-]+$/, 'may only use letters, digits and - . _ ~']);
  const appType = r.oneOf(o.app_type, at('app_type'), APP_TYPES);
  const name = r.optional(o, 'name', (v) => r.string(v, at('name')), clientId);
  const secret = r.optional(o, 'client_secret', (v) => r.string(v, at('client_secret')));
  const method = r.optional(
    o,
    'token_endpoint_auth_method',
    (v) => r.oneOf(v, at('token_endpoint_auth_method'), AUTH_METHODS),
    appType === 'spa' ? 'none' : 'client_secret_post',
  );
  const machine = appType === 'non_interactive';
  const grants = r.optional(
    o,
    'grant_types',
    (v) => {
      const list = r.array(v, at('grant_types'));
      const before = r.problems.length;
      list?.forEach((grant, i) => r.oneOf(grant, `${at('grant_types')}[${i}]`, GRANTS));
      return list && r.problems.length === before ? (list as MockClient['grant_types']) : undefined;
    },
    machine ? ['client_credentials'] : ['authorization_code', 'refresh_token'],
  );
  const scopes = r.optional(o, 'scopes', (v) => r.scopes(v, at('scopes')), machine ? M2M_CLIENT_SCOPES : DEMO_CLIENT_SCOPES);
  const oidc = r.optional(o, 'oidc_conformant', (v) => r.boolean(v, at('oidc_conformant')), true);
  const callbacks = r.optional(o, 'callbacks', (v) => r.urls(v, at('callbacks'), 'url'), []);
  const origins = r.optional(o, 'web_origins', (v) => r.urls(v, at('web_origins'), 'origin'), []);
  const logout = r.optional(o, 'allowed_logout_urls', (v) => r.urls(v, at('allowed_logout_urls'), 'url'), []);
  if (method === 'none' && secret !== undefined) r.fail(at('client_secret'), 'a public client (token_endpoint_auth_method "none") has no secret');
  if (method !== undefined && method !== 'none' && secret === undefined) r.fail(at('client_secret'), `is required with token_endpoint_auth_method "${method}"`);
  if (method === 'none' && grants?.includes('client_credentials')) r.fail(at('grant_types'), '"client_credentials" needs a client with a secret');
  if (machine && grants?.some((grant) => grant !== 'client_credentials')) r.fail(at('grant_types'), 'a non_interactive client has only "client_credentials"');
  if ([clientId, appType, name, method, grants, scopes, oidc, callbacks, origins, logout].includes(undefined)) return undefined;
  return {
    client_id: clientId!,
    name: name!,
    app_type: appType!,
    token_endpoint_auth_method: method!,
    ...(secret !== undefined ? { client_secret: secret } : {}),
    grant_types: grants!,
    scopes: scopes!,
    oidc_conformant: oidc!,
    callbacks: callbacks!,
    web_origins: origins!,
    allowed_logout_urls: logout!,
  };
}

const endsEarly = (prefix: string) => {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    // V8 says "Unexpected end of JSON input", or names a position: the end of the prefix.
    const { message } = error as Error;
    return /end of JSON input/i.test(message) || Number(/at position (\d+)/.exec(message)?.[1]) === prefix.length;
  }
};

/**
 * Parses JSON text; a syntax error names its line and column. V8's messages do not always give a
 * position, so it is found: the shortest prefix that fails for another reason than ending early.
 */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    let [low, high] = [0, text.length];
    while (low < high) {
      const middle = (low + high) >> 1;
      if (endsEarly(text.slice(0, middle + 1))) low = middle + 1;
      else high = middle;
    }
    if (low >= text.length) throw new SeedError(['not valid JSON: it ends too early']);
    const before = text.slice(0, low).split('\n');
    throw new SeedError([`not valid JSON at line ${before.length}, column ${before.at(-1)!.length + 1}: unexpected ${JSON.stringify(text[low])}`]);
  }
}

/** Checks a seed document (already parsed); throws SeedError naming every field at fault. */
export function validateSeed(value: unknown): TenantSeed {
  const r = new Reader();
  const o = r.object(value, 'seed', ['clients', 'users']);
  if (!o) throw new SeedError(r.problems);
  const clientList = r.array(o.clients, 'clients');
  if (clientList && clientList.length === 0) r.fail('clients', 'must hold at least one application');
  const clients = (clientList ?? []).map((client, i) => readClient(r, client, `clients[${i}]`));
  const seen = new Set<unknown>();
  (clientList ?? []).forEach((client, i) => {
    const id = isObject(client) ? client.client_id : undefined;
    if (typeof id === 'string' && seen.has(id)) r.fail(`clients[${i}].client_id`, `"${id}" is used twice`);
    seen.add(id);
  });
  const users = readUsers(r, o.users, 'users');
  if (r.problems.length) throw new SeedError(r.problems);
  return { clients: clients as MockClient[], users: users! };
}

/** A seed file's text → the seed; throws SeedError. */
export const parseSeed = (text: string): TenantSeed => validateSeed(parseJson(text));

/** A `--state` file's text → users and settings; throws SeedError. */
export function parseState(text: string): TenantState {
  const r = new Reader();
  const o = r.object(parseJson(text), 'state', ['version', 'users', 'settings']);
  if (!o) throw new SeedError(r.problems);
  if (o.version !== 1) r.fail('state.version', 'must be 1');
  const users = readUsers(r, o.users, 'users');
  const settings = r.object(o.settings, 'settings', Object.keys(DEFAULT_SETTINGS));
  for (const [key, fallback] of Object.entries(DEFAULT_SETTINGS)) {
    const value = settings?.[key];
    if (value !== undefined && typeof value !== typeof fallback) r.fail(`settings.${key}`, `must be a ${typeof fallback}`);
  }
  if (r.problems.length) throw new SeedError(r.problems);
  return { users: users!, settings: { ...DEFAULT_SETTINGS, ...(settings as Partial<TenantState['settings']>) } };
}

/** What a `--state` file holds (`parseState` reads it back). */
export const serializeState = (state: TenantState): string => `${JSON.stringify({ version: 1, ...state }, null, 2)}\n`;
