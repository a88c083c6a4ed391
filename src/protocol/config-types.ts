// The configuration's shapes: what the element's inputs are, and what reading them gives. Apart
// from config.ts (which reads them against the modes' registry), so that a mode can name them.
import type { ModeChoice } from '../modes/index.js';
import type { ModeConfig } from './mode-config.js';

export type { ModeConfig } from './mode-config.js';

/** The element's raw inputs, as attributes or properties give them. */
export interface ConfigInput {
  domain?: string | null;
  clientId?: string | null;
  redirectUri?: string | null;
  scope?: string | null;
  connections?: string | null;
  unlinkPath?: string | null;
  mode?: string | null;
  userId?: string | null;
  popup?: boolean | null;
  allowUnverifiedEmail?: boolean | null;
  endpoint?: string | null;
}

/** A checked configuration and its mode. */
export interface LinkerConfig extends ModeConfig {
  /** `auto` until the token says which (`server` is decided here, from `endpoint`). */
  mode: ModeChoice;
}
