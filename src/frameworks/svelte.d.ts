// `import type {} from 'account-linker/types/svelte'` (e.g. in src/app.d.ts): <account-linker> in
// Svelte 5 templates. Svelte sets a prop the element has as a property (else an attribute) and
// listens to `onaccount-linked`.
import type { HTMLAttributes } from 'svelte/elements';
import type { AccountLinker, AccountLinkerAttributes, AccountLinkerOnEvents, AccountLinkerPropertiesOnly } from './element.js';

export type AccountLinkerSvelteProps = Omit<HTMLAttributes<AccountLinker>, keyof AccountLinkerAttributes | keyof AccountLinkerPropertiesOnly> &
  AccountLinkerAttributes &
  AccountLinkerPropertiesOnly &
  AccountLinkerOnEvents;

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'account-linker': AccountLinkerSvelteProps;
  }
}
