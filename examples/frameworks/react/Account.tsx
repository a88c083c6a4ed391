// React 19, the bare tag: typed by `account-linker/types/react`. Attributes by their HTML names,
// `tokenProvider` as a property, `onaccount-linked` as a listener (React 19 adds both when the
// element is defined before it renders: import the element first). With server rendering,
// use `account-linker/react` instead (Wrapper.tsx).
import type {} from 'account-linker/types/react';
import 'account-linker';
import { useState } from 'react';

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
