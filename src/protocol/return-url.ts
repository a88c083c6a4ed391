// The answer in the address bar after /authorize (or after a server-mode link): reading it and
// removing it. DOM-free; small, so that a page with no link under way loads nothing more.

/** The authorization response in a return URL, when there is one. */
export interface ReturnParams {
  state: string;
  /** Server mode: the host server finished the link and keeps its outcome (`account_linker=done`). */
  done?: boolean;
  /** Server mode: the popup closed without a word (the server may still hold an outcome). */
  closed?: boolean;
  code?: string;
  error?: string;
  errorDescription?: string;
}

const RETURN_KEYS = ['code', 'state', 'error', 'error_description', 'account_linker'] as const;

/** Reads `?state=…&code=…` or `?state=…&error=…`; other query strings are not ours. */
export function readReturnParams(href: string): ReturnParams | undefined {
  const query = new URL(href).searchParams;
  // Nothing else of server mode's return is read: a crafted link cannot make the element say anything.
  if (query.get('account_linker') === 'done') return { state: '', done: true };
  const state = query.get('state');
  const code = query.get('code');
  const error = query.get('error');
  if (!state || (!code && !error)) return undefined;
  const description = query.get('error_description');
  return {
    state,
    ...(code ? { code } : {}),
    ...(error ? { error } : {}),
    ...(description ? { errorDescription: description } : {}),
  };
}

/** The same URL without the authorization response parameters (the rest, and the hash, stay). */
export function cleanReturnUrl(href: string): string {
  const url = new URL(href);
  for (const key of RETURN_KEYS) url.searchParams.delete(key);
  return url.href;
}

/** Where a server-mode link returns: this page's path and query, without the element's own parameters. */
export function returnPath(href: string): string {
  const url = new URL(cleanReturnUrl(href));
  return url.pathname + url.search;
}
