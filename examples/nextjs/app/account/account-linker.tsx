'use client';
// The element in a client component, through the package's React wrapper (`account-linker/react`,
// over @lit/react). On the server it renders the tag with its attributes (mode, endpoint) and
// imports nothing; in the browser it sets the event props on the tag after hydration, then
// imports the element, which upgrades in place: the return's `account-linked` reaches the handler.
// The props and the events' details are typed by the package.
import { useState } from 'react';
import { AccountLinker as Linker } from 'account-linker/react';

export function AccountLinker({ endpoint }: { endpoint: string }) {
  const [said, say] = useState('');
  return (
    <>
      <Linker
        mode="server"
        endpoint={endpoint}
        onAccountLinked={(event) => say(`The app heard account-linked: ${event.detail.identities.length} sign-in methods now.`)}
        onAccountLinkerError={(event) => say(`The app heard account-linker-error: ${event.detail.code}.`)}
      />
      <p id="app-heard" role="status">
        {said}
      </p>
    </>
  );
}
