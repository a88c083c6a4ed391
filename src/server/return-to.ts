// `returnTo`: where the callback sends the person back. Only a path of the app itself: `/…`, never
// `//host` or `/\host` (both read as another origin), never absolute, no backslash (browsers turn
// it into `/`), no control characters, bounded in length (it travels in the transaction cookie).

export const MAX_RETURN_TO = 512;

/** The path as given when it is an app path; undefined otherwise. */
export function checkReturnTo(value: unknown, appOrigin: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_TO) return undefined;
  if (!value.startsWith('/') || value.startsWith('//')) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, appOrigin);
  } catch {
    return undefined;
  }
  return url.origin === appOrigin ? value : undefined;
}

/** The absolute URL the callback answers with: the path, with `account_linker=done` (and no outcome). */
export function returnURL(returnTo: string, appOrigin: string): string {
  const url = new URL(returnTo, appOrigin);
  if (url.origin !== appOrigin) return `${appOrigin}/?account_linker=done`; // cannot happen: checked at /link
  url.searchParams.delete('account_linker');
  url.searchParams.append('account_linker', 'done');
  return url.href;
}
