'use client';
// The element in a client component. Next renders client components on the server too, where the
// element's module cannot be evaluated (it defines a class that extends HTMLElement), so it is
// imported in useEffect, in the browser only. The server renders the bare tag; the browser upgrades
// it when the module has loaded. createElement keeps TypeScript from asking for a JSX declaration
// of the tag (mode and endpoint are plain attributes here). The events are listened to on the
// element itself (a ref), which works before and after the upgrade.
import { createElement, useEffect, useRef, useState } from 'react';

interface Identity {
  provider: string;
  user_id: string | number;
}

export function AccountLinker({ endpoint }: { endpoint: string }) {
  const ref = useRef<HTMLElement>(null);
  const [said, say] = useState('');

  useEffect(() => {
    void import('account-linker');
    const element = ref.current;
    if (!element) return;
    const linked = (event: Event) => {
      const { identities } = (event as CustomEvent<{ identities: Identity[] }>).detail;
      say(`The app heard account-linked: ${identities.length} sign-in methods now.`);
    };
    const failed = (event: Event) => {
      const { code } = (event as CustomEvent<{ code: string }>).detail;
      say(`The app heard account-linker-error: ${code}.`);
    };
    element.addEventListener('account-linked', linked);
    element.addEventListener('account-linker-error', failed);
    return () => {
      element.removeEventListener('account-linked', linked);
      element.removeEventListener('account-linker-error', failed);
    };
  }, []);

  return (
    <>
      {createElement('account-linker', { ref, mode: 'server', endpoint })}
      <p id="app-heard" role="status">
        {said}
      </p>
    </>
  );
}
