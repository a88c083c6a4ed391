import type { ModeConfig } from '../protocol/mode-config.js';
import type { Identity, Profile } from '../protocol/identity.js';
import type { LinkSecrets, PendingLink } from '../protocol/pending-link.js';
import type { ReturnParams } from '../protocol/return-url.js';
import type { PopupExpectation } from '../protocol/popup-message.js';

/** One authorization request to start: redirect (`query`) or popup (`web_message`). */
export interface LinkRequest {
  state: string;
  connection?: string | undefined;
  responseMode: 'query' | 'web_message';
  /** Server mode: where the server sends the browser back (this page's path and query). */
  returnTo?: string;
  /** Server mode: the account expected (a suggestion's email), for the sign-in page to fill in. */
  loginHint?: string | undefined;
}

/** The /authorize URL and the secrets to keep until its answer comes back. */
export interface LinkStart {
  url: string;
  /** Kept (in sessionStorage) until the answer comes back; none when a server keeps them. */
  secrets: LinkSecrets;
}

/**
 * One way of talking to Auth0. The flow controller calls only this interface, so a mode is an
 * implementation of it (`legacy.ts`, `management.ts`), never an `if (mode === …)` in the view.
 */
export interface LinkerMode {
  /** Refuses, before any request, a token this mode cannot use (throws a LinkerError). */
  checkToken(token: string): void;
  /** The signed-in user's profile and identities. */
  loadProfile(token: string, signal?: AbortSignal): Promise<Profile>;
  /** The /authorize URL for linking another account, and what must be kept for its return. */
  startLink(token: string, request: LinkRequest): Promise<LinkStart>;
  /** The popup's answer: from which origin, saying what. */
  popupExpectation(state: string): PopupExpectation;
  /** A popup closed without a word may still have linked (a server keeps the outcome): ask. */
  closedPopupMayHaveLinked?: boolean;
  /**
   * Finishes a link after a successful authorization response; resolves with the new list, or
   * undefined when there is no outcome to tell.
   */
  completeLink(token: string, response: ReturnParams, pending: PendingLink | undefined, signal?: AbortSignal): Promise<Profile | undefined>;
  /** Unlinks a secondary identity; resolves with the remaining list when the server sends it. */
  unlink(token: string, identity: Identity, primaryUserId: string | undefined): Promise<Identity[] | undefined>;
  /**
   * Accounts of other users that share the user's verified email ("Also yours?"), when the mode
   * can know them (server mode: only a server may look users up by email).
   */
  suggestions?(signal?: AbortSignal): Promise<Identity[]>;
}

export type ModeFactory = (config: ModeConfig) => LinkerMode;

/** A mode that talks to the tenant itself: every successful link answers with the new list. */
export interface TenantMode extends LinkerMode {
  completeLink(token: string, response: ReturnParams, pending: PendingLink | undefined, signal?: AbortSignal): Promise<Profile>;
}
