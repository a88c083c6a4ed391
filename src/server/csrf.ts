// Cross-site request forgery: a request that changes something (POST, DELETE) must carry the
// element's header `X-Account-Linker: 1` (a cross-site page cannot add it without a CORS preflight
// this server never grants) and come from the app's own origin, as `Origin` says or, without it,
// `Sec-Fetch-Site: same-origin`. Neither header: refused (an old client or a forged request).
// A GET is refused only when the browser says it is cross-site (a page elsewhere may not consume a
// result or read the list with the person's cookies); the tenant's redirect to the callback is
// exempt: state and PKCE guard it.

export const LINKER_HEADER = 'X-Account-Linker';

export function isSameOriginWrite(request: Request, appOrigin: string): boolean {
  if (request.headers.get(LINKER_HEADER) !== '1') return false;
  const origin = request.headers.get('Origin');
  if (origin !== null) return origin === appOrigin;
  return request.headers.get('Sec-Fetch-Site') === 'same-origin';
}

export function isCrossSiteRead(request: Request, appOrigin: string): boolean {
  const site = request.headers.get('Sec-Fetch-Site');
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = request.headers.get('Origin');
  return origin !== null && origin !== appOrigin;
}
