// `account-linker/react`: <AccountLinker> for React 19, over @lit/react's createComponent.
//
// Server rendering and hydration: what has an attribute (mode, endpoint, client-id, …) React
// renders as an attribute, on the server too. What has none (tokenProvider, accessToken, strings,
// identities) and the event props are @lit/react's: set on the element in a layout effect, which
// runs after hydration as after any render (React itself sets no property or listener on an
// element it hydrates). The element's module is imported in a task after React's first commit: by
// then the listeners are on the tag, so an event the element fires as it starts (`account-linked`
// on the return from the tenant) reaches them, what was set before the upgrade is adopted by it,
// and the app's own effects of that commit have run (Next's router takes over `history` in one:
// the element's removal of `account_linker=done` from the address bar, made earlier, was undone).
// On the server nothing is imported and the tag is rendered with its attributes.
import React from 'react';
import { createComponent, type EventName } from '@lit/react';
import type { ForwardRefExoticComponent, HTMLAttributes, RefAttributes } from 'react';
import type { AccountLinker as AccountLinkerElement, AccountLinkerEventMap } from '../index.js';
import type { AccountLinkerEventProps, AccountLinkerProperties } from './element.js';

export type { AccountLinkerEventProps, AccountLinkerProperties };

/** The props of <AccountLinker>: the element's inputs by property name, its events, and React's HTML props. */
export type AccountLinkerProps = Omit<HTMLAttributes<AccountLinkerElement>, keyof AccountLinkerProperties | keyof AccountLinkerEventProps> &
  AccountLinkerProperties &
  AccountLinkerEventProps;

const events = {
  onAccountLink: 'account-link' as EventName<AccountLinkerEventMap['account-link']>,
  onAccountLinked: 'account-linked' as EventName<AccountLinkerEventMap['account-linked']>,
  onAccountUnlink: 'account-unlink' as EventName<AccountLinkerEventMap['account-unlink']>,
  onAccountUnlinked: 'account-unlinked' as EventName<AccountLinkerEventMap['account-unlinked']>,
  onAccountLinkerError: 'account-linker-error' as EventName<AccountLinkerEventMap['account-linker-error']>,
};

/** Inputs React renders as attributes, by the attribute's name. */
const ATTRIBUTES: Record<string, string> = {
  domain: 'domain',
  clientId: 'client-id',
  redirectUri: 'redirect-uri',
  mode: 'mode',
  endpoint: 'endpoint',
  connections: 'connections',
  scope: 'scope',
  popup: 'popup',
  allowUnverifiedEmail: 'allow-unverified-email',
  state: 'state',
  userId: 'user-id',
  unlinkPath: 'unlink-path',
};

/**
 * What @lit/react sets as properties is what its `elementClass` has: here only the inputs without
 * an attribute (the element's own class has them all, which would keep the others out of the
 * server's HTML).
 */
class PropertiesOnly {}
for (const key of ['accessToken', 'tokenProvider', 'strings', 'identities']) {
  Object.defineProperty(PropertiesOnly.prototype, key, { value: undefined });
}

const Inner = createComponent({
  react: React,
  tagName: 'account-linker',
  elementClass: PropertiesOnly as unknown as typeof HTMLElement,
  events,
  displayName: 'AccountLinkerElement',
});

let defining: Promise<unknown> | undefined;
/** Defines <account-linker> (once): the package's main entry, resolved by the app's bundler. */
const define = () => (defining ??= import('../index.js'));

/** `<account-linker>` as a React component: `<AccountLinker mode="server" endpoint="/account/identities" onAccountLinked={…} />`. */
export const AccountLinker: ForwardRefExoticComponent<AccountLinkerProps & RefAttributes<AccountLinkerElement>> = React.forwardRef<
  AccountLinkerElement,
  AccountLinkerProps
>(function AccountLinker(props, ref) {
  React.useEffect(() => {
    const timer = setTimeout(define);
    return () => clearTimeout(timer);
  }, []);
  const renamed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) renamed[ATTRIBUTES[key] ?? key] = value;
  return React.createElement(Inner, { ...renamed, ref } as Parameters<typeof Inner>[0]);
});
