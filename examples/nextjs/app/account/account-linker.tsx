'use client';
// The element in a client component. Next renders client components on the server too, where the
// element's module cannot be evaluated (it defines a class that extends HTMLElement), so it is
// imported in useEffect, in the browser only. The server renders the bare tag; the browser upgrades
// it when the module has loaded. createElement keeps TypeScript from asking for a JSX declaration
// of the tag (mode and endpoint are plain attributes here).
import { createElement, useEffect } from 'react';

export function AccountLinker({ endpoint }: { endpoint: string }) {
  useEffect(() => {
    void import('account-linker');
  }, []);
  return createElement('account-linker', { mode: 'server', endpoint });
}
