// The element's inputs and events, typed once for the framework declarations beside this file
// (react.d.ts is the React wrapper's; jsx-*.d.ts, vue.d.ts and svelte.d.ts type the bare tag).
import type { AccountLinker, AccountLinkerEventMap, AccountLinkerStringsOverrides, Identity, TokenProvider } from '../index.js';

export type { AccountLinker, AccountLinkerEventMap };

/** An Auth0 user object, which `identities` also takes. */
export interface AccountLinkerUser {
  user_id: string;
  email?: string;
  name?: string;
  picture?: string;
  identities: Identity[];
}

/** The attributes, by their HTML names: what server-rendered HTML can carry. */
export interface AccountLinkerAttributes {
  domain?: string;
  'client-id'?: string;
  'redirect-uri'?: string;
  /** Read once, then removed from the element. */
  'access-token'?: string;
  mode?: AccountLinker['mode'];
  endpoint?: string;
  connections?: string;
  scope?: string;
  popup?: boolean;
  'allow-unverified-email'?: boolean;
  state?: string;
  'user-id'?: string;
  'unlink-path'?: string;
}

/** What only a property carries (`identities` also as JSON in the attribute). */
export interface AccountLinkerPropertiesOnly {
  accessToken?: string;
  tokenProvider?: TokenProvider;
  strings?: AccountLinkerStringsOverrides;
  identities?: Identity[] | AccountLinkerUser | string;
}

/** Every input by its property name. */
export interface AccountLinkerProperties extends AccountLinkerPropertiesOnly {
  domain?: string;
  clientId?: string;
  redirectUri?: string;
  mode?: AccountLinker['mode'];
  endpoint?: string;
  connections?: string;
  scope?: string;
  popup?: boolean;
  allowUnverifiedEmail?: boolean;
  state?: string;
  userId?: string;
  unlinkPath?: string;
}

/** An event of the element, with the element as its `currentTarget`. */
export type AccountLinkerEvent<K extends keyof AccountLinkerEventMap> = AccountLinkerEventMap[K] & { currentTarget: AccountLinker };

/** `on` + the event's name: what React 19, Preact and Svelte 5 add as listeners on a custom element. */
export type AccountLinkerOnEvents = {
  [K in keyof AccountLinkerEventMap as `on${K}`]?: (event: AccountLinkerEvent<K>) => void;
};

/** `onAccountLinked`-style names: the React wrapper's event props and Vue's `@account-linked`. */
export interface AccountLinkerEventProps {
  onAccountLink?: (event: AccountLinkerEvent<'account-link'>) => void;
  onAccountLinked?: (event: AccountLinkerEvent<'account-linked'>) => void;
  onAccountUnlink?: (event: AccountLinkerEvent<'account-unlink'>) => void;
  onAccountUnlinked?: (event: AccountLinkerEvent<'account-unlinked'>) => void;
  onAccountLinkerError?: (event: AccountLinkerEvent<'account-linker-error'>) => void;
}
