import type { ErrorCode } from './protocol/errors.js';
import type { Identity } from './protocol/identity.js';

export interface AccountLinkDetail {
  /** The /authorize URL the element is about to navigate to. Legacy URLs carry the access token. */
  url: string;
  connection?: string;
}
export interface AccountLinkedDetail {
  identities: Identity[];
  code?: string;
}
export interface AccountUnlinkDetail {
  identity: Identity;
}
export interface AccountUnlinkedDetail {
  identity: Identity;
  identities: Identity[];
}
export interface AccountLinkerErrorDetail {
  code: ErrorCode;
  message: string;
  status?: number;
}

/** Every event the element fires, by name. */
export interface AccountLinkerEventMap {
  'account-link': CustomEvent<AccountLinkDetail>;
  'account-linked': CustomEvent<AccountLinkedDetail>;
  'account-unlink': CustomEvent<AccountUnlinkDetail>;
  'account-unlinked': CustomEvent<AccountUnlinkedDetail>;
  'account-linker-error': CustomEvent<AccountLinkerErrorDetail>;
}

/** The `detail` of one of the element's events. */
export type EventDetail<K extends keyof AccountLinkerEventMap> = AccountLinkerEventMap[K] extends CustomEvent<infer D> ? D : never;

const CANCELABLE: ReadonlySet<keyof AccountLinkerEventMap> = new Set(['account-link', 'account-unlink']);

/** Dispatches a typed event that crosses shadow roots; returns false when a listener cancelled it. */
export function emit<K extends keyof AccountLinkerEventMap>(target: EventTarget, name: K, detail: EventDetail<K>): boolean {
  return target.dispatchEvent(
    new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: CANCELABLE.has(name) }),
  );
}

declare global {
  interface GlobalEventHandlersEventMap extends AccountLinkerEventMap {}
}
