import type { LinkerConfig } from '../config.js';
import type { Identity, Profile } from '../identity.js';
import type { PendingLink, ReturnParams } from '../pending-link.js';

/**
 * One way of talking to Auth0. The element calls only this interface, so a mode is an
 * implementation of it (legacy Authentication API today, Management API next), never an
 * `if (mode === …)` in the view.
 */
export interface LinkerMode {
  /** The signed-in user's profile and identities. */
  loadProfile(token: string, signal?: AbortSignal): Promise<Profile>;
  /** The URL to send the browser to for linking another account. */
  authorizeUrl(token: string, link: { state: string; connection?: string | undefined }): Promise<string>;
  /** Finishes a link after a successful return (legacy: Auth0 already linked; nothing to do). */
  completeLink(token: string, response: ReturnParams, pending: PendingLink): Promise<void>;
  /** Unlinks a secondary identity; resolves when the server accepted it. */
  unlink(token: string, identity: Identity, primaryUserId: string | undefined): Promise<void>;
}

export type ModeFactory = (config: LinkerConfig) => LinkerMode;
