// The two HTML answers of the callback (a browser navigation, so not JSON): the popup's page, which
// tells the opener "ask /result" and closes, and the short page of a callback that cannot return
// anywhere. Both under a strict Content-Security-Policy: nothing loads, and the popup's one inline
// script runs by its hash.

const SECURITY = {
  'Cache-Control': 'no-store',
  'Content-Type': 'text/html; charset=utf-8',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The popup page's script: no outcome in it, only "ask /result", to the app's origin alone. */
export function popupScript(appOrigin: string): string {
  const target = JSON.stringify(appOrigin).replace(/</g, '\\u003c');
  return `try{window.opener&&window.opener.postMessage({type:"account-linker:result"},${target})}finally{window.close()}`;
}

async function sha256Base64(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function popupPage(appOrigin: string): () => Promise<{ html: string; csp: string }> {
  const script = popupScript(appOrigin);
  let built: Promise<{ html: string; csp: string }> | undefined;
  return () =>
    (built ??= sha256Base64(script).then((hash) => ({
      html: `<!doctype html><html lang="en"><meta charset="utf-8"><title>Account linking</title><p>You can close this window.</p><script>${script}</script></html>`,
      csp: `default-src 'none'; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    })));
}

export function htmlResponse(html: string, status: number, csp: string, cookies: string[] = []): Response {
  const headers = new Headers({ ...SECURITY, 'Content-Security-Policy': csp });
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  return new Response(html, { status, headers });
}

/** A short page that names the failure; nothing from the request is echoed. */
export function failurePage(status: number, code: string, sentence: string, appOrigin: string, cookies: string[] = []): Response {
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Account linking failed</title><h1>Account linking failed</h1><p>${escapeHtml(sentence)}</p><p>Code: <code>${escapeHtml(code)}</code></p><p><a href="${escapeHtml(appOrigin)}/">Back to the app</a></p></html>`;
  return htmlResponse(html, status, "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", cookies);
}
