// What a mode's implementation is made from: the checked configuration, without the choice of
// mode (which the registry makes). Apart, so that a mode names it without depending on the registry.

/**
 * A checked configuration, as a mode sees it: every URL absolute and safe to use. (The mode
 * itself is `LinkerConfig['mode']`; a mode's implementation needs only the rest.)
 */
export interface ModeConfig {
  /** The tenant's origin, e.g. `https://tenant.auth0.com`. */
  origin: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  connections: string[];
  unlinkPath: string;
  /** The scopes the host asked for (the mode adds its own: `scope` is what it sends). */
  requestedScope: string[];
  /** Server mode: the absolute URL of the host server's endpoint (the page's origin). */
  endpoint?: string;
  userId?: string;
  /** Authorize in a popup (`response_mode=web_message`) instead of leaving the page. */
  popup: boolean;
  /** Management mode: link a second account whose email is not verified. */
  allowUnverifiedEmail: boolean;
}
