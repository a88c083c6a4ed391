// React 19 with `account-linker/react`: props by their property names, `onAccountLinked`-style
// events. Safe to render on the server: configuration goes out as attributes, tokenProvider and
// the listeners are set after hydration.
import { AccountLinker } from 'account-linker/react';
import { useState } from 'react';

export function Account({ getToken }: { getToken: () => Promise<string> }) {
  const [heard, setHeard] = useState('');
  return (
    <>
      <AccountLinker
        domain="tenant.eu.auth0.com"
        clientId="abc123"
        mode="management"
        tokenProvider={getToken}
        onAccountLinked={(event) => setHeard(`${event.detail.identities.length} sign-in methods`)}
        onAccountLinkerError={(event) => setHeard(event.detail.code)}
      />
      <p role="status">{heard}</p>
    </>
  );
}
