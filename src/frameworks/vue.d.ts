// `import type {} from 'account-linker/types/vue'` (e.g. in src/env.d.ts): <account-linker> in Vue
// templates (vue-tsc) as a global component: props by their names (`client-id` or `clientId`),
// `@account-linked` with the event typed. At run time Vue must treat the tag as a custom element
// (`compilerOptions.isCustomElement`), so it sets props the element has as properties and
// listens to its events.
import type { AllowedComponentProps, HTMLAttributes, VNodeProps } from 'vue';
import type { AccountLinker, AccountLinkerEventProps, AccountLinkerProperties } from './element.js';

export type AccountLinkerVueProps = Omit<HTMLAttributes, keyof AccountLinkerProperties> & AccountLinkerProperties & AccountLinkerEventProps;

/** The tag as Vue's type checker sees a component: its instance is the element. */
export type AccountLinkerVueComponent = new () => AccountLinker & {
  $props: AccountLinkerVueProps & VNodeProps & AllowedComponentProps;
};

declare module 'vue' {
  interface GlobalComponents {
    'account-linker': AccountLinkerVueComponent;
  }
}
