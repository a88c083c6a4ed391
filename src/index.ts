import { AccountLinker } from './account-linker.js';

export { AccountLinker } from './account-linker.js';
export type { AccountLinkerStrings, AccountLinkerStringsOverrides } from './strings.js';
export { defaultStrings } from './strings.js';
export type { Identity, IdentityProfile } from './identity.js';
export type { ErrorCode } from './errors.js';
export type * from './events.js';
export type { TokenProvider } from './token.js';

// Loading the module twice (two bundles on one page) must not throw.
if (!customElements.get('account-linker')) customElements.define('account-linker', AccountLinker);

declare global {
  interface HTMLElementTagNameMap {
    'account-linker': AccountLinker;
  }
}
