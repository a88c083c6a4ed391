import { AccountLinker } from './account-linker.js';

export { AccountLinker } from './account-linker.js';
export type { AccountLinkerStrings, AccountLinkerStringsOverrides } from './i18n/strings.js';
export { defaultStrings } from './i18n/strings.js';
export type { Identity, IdentityProfile } from './protocol/identity.js';
export type { ErrorCode } from './protocol/errors.js';
export type * from './events.js';
export type { TokenProvider } from './protocol/token.js';

// Loading the module twice (two bundles on one page) must not throw.
if (!customElements.get('account-linker')) customElements.define('account-linker', AccountLinker);

declare global {
  interface HTMLElementTagNameMap {
    'account-linker': AccountLinker;
  }
}
