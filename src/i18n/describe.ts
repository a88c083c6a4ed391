// The one place an outcome becomes text: the controller records what happened (`Said`), the
// element asks this pure function for the words in the table on show.
import type { Said } from '../controller/outcome.js';
import type { Identity } from '../protocol/identity.js';
import { describeError, describeErrorParts } from './describe-loader.js';
import type { AccountLinkerStrings } from './strings.js';

export interface SayContext {
  /** "Provider (name)" of an identity, as the rows show it. */
  label(identity: Identity): string;
  /** Texts never to show (tokens): scrubbed from any server detail. */
  secrets: readonly string[];
  /** The tenant's origin, for the Management API token help. */
  origin?: string | undefined;
}

export function say(said: Said | undefined, strings: AccountLinkerStrings, context: SayContext): string {
  if (!said) return '';
  switch (said.say) {
    case 'loading':
      return strings.loading;
    case 'loaded':
      return strings.loaded(said.count);
    case 'linking':
      return strings.linking;
    case 'popupWaiting':
      return strings.popupWaiting;
    case 'linked':
      return said.identity ? strings.linkedAccount(context.label(said.identity)) : strings.linked;
    case 'unlinking':
      return strings.unlinking(context.label(said.identity));
    case 'unlinked':
      return strings.unlinked(context.label(said.identity));
    case 'calm':
      return describeErrorParts(said.error, strings, context.secrets, context.origin).sentence;
    case 'calmDetail':
      return describeError(said.error, strings, context.secrets, context.origin);
  }
}
