/** @jsxImportSource solid-js */
// Solid: typed by `account-linker/types/solid`. Solid sets a custom element's props as
// properties; events are `on:account-linked`.
import type {} from 'account-linker/types/solid';
import 'account-linker';
import { createSignal } from 'solid-js';

export function Account(props: { getToken: () => Promise<string> }) {
  const [heard, setHeard] = createSignal('');
  return (
    <>
      <account-linker
        domain="tenant.eu.auth0.com"
        client-id="abc123"
        mode="management"
        tokenProvider={props.getToken}
        on:account-linked={(event) => setHeard(`${event.detail.identities.length} sign-in methods`)}
        on:account-linker-error={(event) => setHeard(event.detail.code)}
      />
      <p role="status">{heard()}</p>
    </>
  );
}
