import type { ReturnParams } from './return-url.js';

/** What a popup's answer must match: sent from the tenant's origin, for the state this element sent. */
export interface PopupExpectation {
  origin: string;
  state: string;
  /** Server mode: the page's own origin says `{type: "account-linker:result"}`, nothing more. */
  server?: boolean;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * The authorization response in a `message` event, or undefined when the message is not the
 * answer we wait for (another origin, another type, another state, a malformed body): such
 * messages are ignored and the wait goes on.
 */
export function readPopupMessage(event: { origin: string; data: unknown }, expected: PopupExpectation): ReturnParams | undefined {
  if (event.origin !== expected.origin) return undefined;
  const data = event.data as { type?: unknown; response?: unknown } | null;
  if (expected.server) {
    return data && typeof data === 'object' && data.type === 'account-linker:result' ? { state: expected.state, done: true } : undefined;
  }
  if (!data || typeof data !== 'object' || data.type !== 'authorization_response') return undefined;
  const response = data.response as Record<string, unknown> | null;
  if (!response || typeof response !== 'object' || response['state'] !== expected.state) return undefined;
  const code = text(response['code']);
  const error = text(response['error']);
  if (!code && !error) return undefined;
  const description = text(response['error_description']);
  return {
    state: expected.state,
    ...(code && !error ? { code } : {}),
    ...(error ? { error } : {}),
    ...(description ? { errorDescription: description } : {}),
  };
}
