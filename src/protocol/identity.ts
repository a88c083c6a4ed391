import { LinkerError, type ErrorCode, type ErrorReason } from './errors.js';
import { isSecureUrl } from './secure-url.js';

/** The parts of an identity's profile the component shows; everything else is dropped. */
export interface IdentityProfile {
  name?: string;
  email?: string;
  nickname?: string;
  picture?: string;
}

/** Auth0's identity object. `user_id` is a string or a number (GitHub): compare with `String()`. */
export interface Identity {
  provider: string;
  user_id: string | number;
  connection: string;
  isSocial: boolean;
  profileData?: IdentityProfile;
}

/** The signed-in (primary) user, as /userinfo or the Management API describe it. */
export interface Profile extends IdentityProfile {
  userId?: string;
  identities: Identity[];
  /** How many identities were left out because they were malformed or listed twice. */
  skipped?: number;
  /** Server mode: the composite id of the identity a link just added. */
  added?: string;
}

const MAX_TEXT = 256;
/** More than this is refused as a whole (documented in the README). */
export const MAX_IDENTITIES = 1000;
// Bidi embeddings/overrides/isolates and marks, and C0/C1 controls: they let a name pose as
// another ("alice\u202Emoc.elgoog@") or reverse the text after it. Also what shows nothing yet
// splits a word ("al\u200Bice", a soft hyphen, a BOM) or breaks a line (U+2028/2029). Zero-width
// (non-)joiners stay: scripts such as Persian and emoji sequences need them.
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200E\u200F\u2028-\u202E\u2060\u2066-\u2069\uFEFF]/g;

function fail(code: ErrorCode, reason: ErrorReason, detail: string): never {
  throw new LinkerError(code, reason, detail);
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(INVISIBLE, '').trim();
  return trimmed ? trimmed.slice(0, MAX_TEXT) : undefined;
}

function readProfileFields(raw: Record<string, unknown>): IdentityProfile {
  const out: IdentityProfile = {};
  for (const key of ['name', 'email', 'nickname', 'picture'] as const) {
    const value = text(raw[key]);
    if (value) out[key] = value;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks one untrusted identity and copies only the known fields, so IdP tokens
 * (`access_token`, `refresh_token`) that Auth0 may include are never kept or rendered.
 */
export function parseIdentity(raw: unknown, code: ErrorCode = 'bad-response', reason: ErrorReason = 'badResponse'): Identity {
  if (!isRecord(raw)) fail(code, reason, 'an identity is not an object');
  const { provider, user_id: userId, connection, isSocial, profileData } = raw;
  if (typeof provider !== 'string' || !provider.trim() || provider.includes('|')) {
    fail(code, reason, 'an identity has no valid "provider"');
  }
  const idOk =
    (typeof userId === 'string' && userId.trim() !== '') ||
    (typeof userId === 'number' && Number.isSafeInteger(userId) && userId >= 0);
  if (!idOk) fail(code, reason, 'an identity has no valid "user_id"');
  if (connection !== undefined && (typeof connection !== 'string' || !connection.trim())) {
    fail(code, reason, 'an identity has an invalid "connection"');
  }
  if (isSocial !== undefined && typeof isSocial !== 'boolean') {
    fail(code, reason, 'an identity has an invalid "isSocial"');
  }
  if (profileData !== undefined && profileData !== null && !isRecord(profileData)) {
    fail(code, reason, 'an identity has an invalid "profileData"');
  }
  const identity: Identity = {
    provider,
    user_id: userId as string | number,
    connection: (connection as string | undefined) ?? provider,
    isSocial: (isSocial as boolean | undefined) ?? false,
  };
  if (isRecord(profileData)) {
    const fields = readProfileFields(profileData);
    if (Object.keys(fields).length) identity.profileData = fields;
  }
  return identity;
}

/**
 * The valid identities of an untrusted list: one malformed or repeated identity is left out (and
 * counted), not a reason to show nothing. Only a list that is not an array, or longer than
 * MAX_IDENTITIES, is refused as a whole.
 */
export function readIdentities(
  raw: unknown,
  code: ErrorCode = 'bad-response',
  reason: ErrorReason = 'badResponse',
): { identities: Identity[]; skipped: number } {
  if (!Array.isArray(raw)) fail(code, reason, 'identities is not an array');
  if (raw.length > MAX_IDENTITIES) fail(code, reason, `more than ${MAX_IDENTITIES} identities`);
  const identities: Identity[] = [];
  const seen = new Set<string>();
  for (const item of raw) {
    try {
      const identity = parseIdentity(item, code, reason);
      const key = identityKey(identity);
      if (seen.has(key)) throw new LinkerError(code, reason, 'an identity is listed twice');
      seen.add(key);
      identities.push(identity);
    } catch (error) {
      if (!(error instanceof LinkerError)) throw error;
    }
  }
  return { identities, skipped: raw.length - identities.length };
}

/** The valid identities of an untrusted list (see readIdentities), without the count. */
export function parseIdentities(raw: unknown, code: ErrorCode = 'bad-response', reason: ErrorReason = 'badResponse'): Identity[] {
  return readIdentities(raw, code, reason).identities;
}

/** A /userinfo or Management API user object → Profile; throws `bad-response`. */
export function parseProfile(raw: unknown): Profile {
  if (!isRecord(raw)) fail('bad-response', 'badResponse', 'the profile is not a JSON object');
  if (!('identities' in raw)) throw new LinkerError('bad-response', 'noIdentities');
  const { identities, skipped } = readIdentities(raw['identities']);
  const userId = text(raw['user_id']) ?? text(raw['sub']);
  return { ...readProfileFields(raw), ...(userId ? { userId } : {}), identities, ...(skipped ? { skipped } : {}) };
}

/** `provider|user_id`, the composite id Auth0 uses in `user_id` fields and /unlink. */
export function identityKey(identity: Pick<Identity, 'provider' | 'user_id'>): string {
  return `${identity.provider}|${String(identity.user_id)}`;
}

/** Splits a composite id on the FIRST `|` only: ids themselves may contain pipes. */
export function splitUserId(composite: string): { provider: string; userId: string } | undefined {
  const at = composite.indexOf('|');
  if (at <= 0 || at === composite.length - 1) return undefined;
  return { provider: composite.slice(0, at), userId: composite.slice(at + 1) };
}

/** Index of the primary identity: the one matching the user id, else the first. */
export function primaryIndex(identities: readonly Identity[], userId?: string): number {
  if (!identities.length) return -1;
  if (userId) {
    const found = identities.findIndex((identity) => identityKey(identity) === userId);
    if (found >= 0) return found;
  }
  return 0;
}

/** An avatar URL that is safe to load: https, or http on loopback. Anything else is dropped. */
export function safeImageUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return isSecureUrl(url) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a host prints into `identities`: Auth0's identities array, or its whole user object
 * (`{user_id, email, name, picture, identities}`) so the primary row can show the user's email.
 */
export function parseHostList(raw: unknown): Profile {
  if (Array.isArray(raw)) return readIdentities(raw, 'invalid-config', 'identitiesInvalid');
  if (!isRecord(raw) || !('identities' in raw)) fail('invalid-config', 'identitiesInvalid', 'not an identities array or a user object');
  const { identities, skipped } = readIdentities(raw['identities'], 'invalid-config', 'identitiesInvalid');
  const userId = text(raw['user_id']);
  return { ...readProfileFields(raw), ...(userId ? { userId } : {}), identities, skipped };
}

/** How an account is named: its email, else its name, else its nickname. */
export function profileName(profile: IdentityProfile): string | undefined {
  return profile.email ?? profile.name ?? profile.nickname;
}

/** A row's account text: `profileName`, and the bare id only when the profile has nothing. */
export function accountName(identity: Identity, profile: IdentityProfile): string {
  return profileName(profile) ?? String(identity.user_id);
}

/**
 * The connections of `wanted` to offer: those not linked yet (a connection is linked when an
 * identity's `connection` equals it). Before the list is known, all of them.
 */
export function unlinkedConnections(wanted: readonly string[], identities: readonly Identity[] | undefined): string[] {
  const linked = new Set(identities?.map((identity) => identity.connection));
  return wanted.filter((connection) => !linked.has(connection));
}

/** A server string made safe to show: no bidi or control characters, at most `max` characters. */
export function displayText(value: string, max = 80): string {
  const clean = value.replace(INVISIBLE, '');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
