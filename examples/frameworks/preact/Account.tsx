/** @jsxImportSource preact */
// Preact: typed by `account-linker/types/preact`. Preact sets a prop the element has as a property.
import type {} from 'account-linker/types/preact';
import 'account-linker';
import { useState } from 'preact/hooks';

export function Account({ getToken }: { getToken: () => Promise<string> }) {
  const [heard, setHeard] = useState('');
  return (
    <>
      <account-linker
        domain="tenant.eu.auth0.com"
        client-id="abc123"
        mode="management"
        tokenProvider={getToken}
        onaccount-linked={(event) => setHeard(`${event.detail.identities.length} sign-in methods`)}
        onaccount-linker-error={(event) => setHeard(event.detail.code)}
      />
      <p role="status">{heard}</p>
    </>
  );
}
