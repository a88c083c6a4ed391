// `import type {} from 'account-linker/types/solid'`: <account-linker> in Solid's JSX. Solid sets
// a custom element's props as properties; events are `on:account-linked`.
import type { JSX } from 'solid-js';
import type { AccountLinker, AccountLinkerAttributes, AccountLinkerEvent, AccountLinkerEventMap, AccountLinkerPropertiesOnly } from './element.js';

export type AccountLinkerSolidEvents = {
  [K in keyof AccountLinkerEventMap as `on:${K}`]?: (event: AccountLinkerEvent<K>) => void;
};

export type AccountLinkerJSXProps = Omit<JSX.HTMLAttributes<AccountLinker>, keyof AccountLinkerAttributes | keyof AccountLinkerPropertiesOnly> &
  AccountLinkerAttributes &
  AccountLinkerPropertiesOnly &
  AccountLinkerSolidEvents;

declare module 'solid-js' {
  namespace JSX {
    interface IntrinsicElements {
      'account-linker': AccountLinkerJSXProps;
    }
  }
}
