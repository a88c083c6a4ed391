// `import type {} from 'account-linker/types/preact'`: <account-linker> in Preact's JSX. Preact sets
// a prop the element has as a property (else an attribute) and listens to `onaccount-linked`.
// Preact 10.20 or later (HTMLAttributes exported by 'preact').
import type { HTMLAttributes } from 'preact';
import type { AccountLinker, AccountLinkerAttributes, AccountLinkerOnEvents, AccountLinkerPropertiesOnly } from './element.js';

export type AccountLinkerJSXProps = Omit<HTMLAttributes<AccountLinker>, keyof AccountLinkerAttributes | keyof AccountLinkerPropertiesOnly> &
  AccountLinkerAttributes &
  AccountLinkerPropertiesOnly &
  AccountLinkerOnEvents;

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'account-linker': AccountLinkerJSXProps;
    }
  }
}
