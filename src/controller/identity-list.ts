// The list on show and what it knows of its people: which identity is the primary, and the user
// object's own email, name and picture (a link's answer lists identities only, so the primary's row
// keeps what it showed). DOM-free.
import type { AccountLinkerStrings } from '../i18n/strings.js';
import { displayText, identityKey, primaryIndex, profileName, type Identity, type IdentityProfile, type Profile } from '../protocol/identity.js';
import { connectionName } from '../protocol/providers.js';

export class IdentityList {
  #items: Identity[] | undefined;
  #primaryProfile: IdentityProfile = {};
  #profileUserId: string | undefined;
  #primaryKey: string | undefined;

  get items(): readonly Identity[] | undefined {
    return this.#items;
  }

  /** Copies, for events and the `identities` property. */
  copies(): Identity[] {
    return (this.#items ?? []).map((identity) => ({ ...identity }));
  }

  keys(): string[] {
    return (this.#items ?? []).map(identityKey);
  }

  has(key: string): boolean {
    return this.keys().includes(key);
  }

  find(key: string | undefined): Identity | undefined {
    return this.#items?.find((item) => identityKey(item) === key);
  }

  /** A profile from the server or the host: its identities, and the user object's fields. */
  show(profile: Profile): void {
    const { identities, userId, skipped: _skipped, added: _added, ...fields } = profile;
    if (Object.keys(fields).length || userId) this.#primaryProfile = { ...this.#primaryProfile, ...fields };
    if (userId) this.#profileUserId = userId;
    this.#items = identities;
  }

  /** A new list (the caller marks the primary again). */
  set(identities: Identity[]): void {
    this.#items = identities;
  }

  /** Without a list (another person's was on show). */
  clear(): void {
    this.#items = undefined;
    this.#primaryProfile = {};
    this.#profileUserId = undefined;
    this.#primaryKey = undefined;
  }

  /** The primary: the configured user id, else the profile's, else `fallback` (the token's `sub`), else the first. */
  markPrimary(configured: string | undefined, fallback?: string): void {
    const list = this.#items;
    if (!list) return;
    const index = primaryIndex(list, configured ?? this.#profileUserId ?? fallback);
    this.#primaryKey = index >= 0 ? identityKey(list[index]!) : undefined;
  }

  get primaryKey(): string | undefined {
    return this.#primaryKey;
  }

  isPrimary(identity: Identity): boolean {
    return identityKey(identity) === this.#primaryKey;
  }

  /** What a row shows of an account: the primary's own profile (the user object) over its identity's. */
  profileOf(identity: Identity): IdentityProfile {
    return this.isPrimary(identity) ? { ...identity.profileData, ...this.#primaryProfile } : identity.profileData ?? {};
  }

  /** "Provider (name)", cleaned and capped: it goes into sentences and accessible names. */
  label(identity: Identity, strings: AccountLinkerStrings): string {
    const provider = displayText(connectionName(identity.connection, strings.providers), 48);
    const name = profileName(this.profileOf(identity));
    // Whole (server text is at most 256 characters): it is the unlink button's accessible name.
    return name ? `${provider} (${displayText(name, 256)})` : provider;
  }
}
