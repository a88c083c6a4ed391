// Keeps tokens out of every text the element shows or reports. DOM-free.

/** The shortest piece of a secret that is still treated as the secret. */
const FRAGMENT = 12;

function base64Forms(secret: string): string[] {
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    let b64: string;
    try {
      b64 = btoa('\0'.repeat(shift) + secret);
    } catch {
      return out; // not Latin-1: it cannot appear base64-encoded as such
    }
    // The first quad mixes in the shift bytes and the last one the padding: keep what is the secret's own.
    const core = b64.slice(shift ? 4 : 0, -4);
    out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** A secret as it may come back from a server: raw, trimmed, URL-encoded, base64 or base64url. */
function forms(secret: string): string[] {
  const trimmed = secret.trim();
  let encoded = trimmed;
  try {
    encoded = encodeURIComponent(trimmed);
  } catch {
    // A lone surrogate: the raw form is enough.
  }
  return [...new Set([secret, trimmed, encoded, ...base64Forms(trimmed)])].filter((form) => form.length >= FRAGMENT);
}

/**
 * Replaces every run of the text that is a secret, or any 12+ character piece of one, in any of
 * its usual encodings, with "…". Run before truncating, so a cut cannot leave a piece behind.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  const hidden = new Uint8Array(text.length);
  let any = false;
  for (const form of secrets.filter(Boolean).flatMap(forms)) {
    for (let i = 0; i + FRAGMENT <= form.length; i++) {
      const piece = form.slice(i, i + FRAGMENT);
      for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + 1)) {
        hidden.fill(1, at, at + FRAGMENT);
        any = true;
      }
    }
  }
  if (!any) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!hidden[i]) out += text[i];
    else if (!hidden[i - 1] || i === 0) out += '…';
  }
  return out;
}
