// `import type {} from 'account-linker/types/react'` (or "types" in tsconfig.json): <account-linker>
// in React 19's JSX, with its attributes by their HTML names (what the server renders), the
// property-only inputs (set by React when the element is defined before it renders) and
// `onaccount-linked`-style listeners. In a server-rendered app, prefer `account-linker/react`:
// React does not set properties or listeners on an element it hydrates.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { AccountLinker, AccountLinkerAttributes, AccountLinkerOnEvents, AccountLinkerPropertiesOnly } from './element.js';

export type AccountLinkerJSXProps = DetailedHTMLProps<HTMLAttributes<AccountLinker>, AccountLinker> &
  AccountLinkerAttributes &
  AccountLinkerPropertiesOnly &
  AccountLinkerOnEvents;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'account-linker': AccountLinkerJSXProps;
    }
  }
}
