// An application's allowed-URL lists as Auth0 keeps them (Allowed Callback URLs, Allowed Logout
// URLs, Allowed Web Origins), with the wildcards the mock understands. Auth0 allows `*` for one
// subdomain label; the mock also allows it as the port (`http://localhost:*`), so one entry covers a
// dev server on whatever port it got, and at the end of a path (`https://app.example.com/*`).
// Parsed by hand: `new URL()` refuses `*` as a port.

/** `url`: a callback or logout URL (a path may follow); `origin`: a web origin (no path). */
export type UrlRuleKind = 'url' | 'origin';

interface UrlRule {
  protocol: 'http:' | 'https:';
  /** Lower case; `*.example.com` for a wildcard label. IPv6 in brackets. */
  host: string;
  /** '' for the scheme's default port, '*' for any port, else digits. */
  port: string;
  /** Always starts with '/'; may end with '*' (a prefix). Origins: '/'. */
  path: string;
}

const RULE = /^(https?):\/\/(\[[0-9a-f:.]+\]|[^/?#:@[\]\s]+)(?::(\d{1,5}|\*))?(\/[^?#\s]*)?$/i;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const DEFAULT_PORT = { 'http:': '80', 'https:': '443' } as const;

function parseRule(rule: string, kind: UrlRuleKind): UrlRule | string {
  const match = RULE.exec(rule);
  if (!match) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(rule) && !/^https?:\/\//i.test(rule)) return 'must be an absolute http(s) URL';
    if (/[?#]/.test(rule)) return 'must not have a query string or fragment (they are not compared)';
    return kind === 'origin' ? 'must be an origin: http(s)://host[:port]' : 'must be an absolute http(s) URL';
  }
  const protocol = `${match[1]!.toLowerCase()}:` as UrlRule['protocol'];
  const host = match[2]!.toLowerCase();
  const labels = host.startsWith('[') ? [] : host.split('.');
  if (labels.some((label, index) => !(LABEL.test(label) || (label === '*' && index === 0)))) {
    return host.includes('*') ? 'a wildcard may only stand for the first label of the host (https://*.example.com)' : 'has an invalid host';
  }
  if (labels[0] === '*' && labels.length < 3) return 'a wildcard host needs a domain under it (https://*.example.com)';
  let port = match[3] ?? '';
  if (port !== '*' && port !== '' && Number(port) > 65535) return 'has an invalid port';
  if (port === DEFAULT_PORT[protocol]) port = '';
  const path = match[4] ?? '/';
  if (kind === 'origin' && path !== '/') return 'must be an origin without a path: http(s)://host[:port]';
  if (path.slice(0, -1).includes('*')) return 'a wildcard in the path may only end it (https://app.example.com/*)';
  return { protocol, host, port, path };
}

/** Why `rule` is no usable entry of a `kind` list, or undefined when it is one. */
export function urlRuleProblem(rule: unknown, kind: UrlRuleKind): string | undefined {
  if (typeof rule !== 'string' || !rule) return kind === 'origin' ? 'must be an origin: http(s)://host[:port]' : 'must be an absolute http(s) URL';
  const parsed = parseRule(rule, kind);
  return typeof parsed === 'string' ? parsed : undefined;
}

function hostMatches(ruleHost: string, host: string): boolean {
  if (!ruleHost.startsWith('*.')) return ruleHost === host;
  const suffix = ruleHost.slice(1); // ".example.com": exactly one label more
  return host.endsWith(suffix) && LABEL.test(host.slice(0, -suffix.length));
}

function matches(rule: UrlRule, url: URL, kind: UrlRuleKind): boolean {
  if (rule.protocol !== url.protocol || !hostMatches(rule.host, url.hostname)) return false;
  if (rule.port !== '*' && rule.port !== url.port) return false;
  if (kind === 'origin') return true;
  return rule.path.endsWith('*') ? url.pathname.startsWith(rule.path.slice(0, -1)) : url.pathname === rule.path;
}

function parseCandidate(candidate: string, kind: UrlRuleKind): URL | undefined {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.hash) return undefined;
  // An Origin header is exactly scheme://host[:port]; anything more is no origin.
  if (kind === 'origin' && candidate !== url.origin) return undefined;
  return url;
}

/**
 * Whether `candidate` is allowed by one of `rules`: scheme, host, port and path are compared (the
 * query is not); URLs with credentials or a fragment never are. Invalid rules match nothing.
 */
export function isAllowedBy(rules: readonly string[], candidate: string | null | undefined, kind: UrlRuleKind = 'url'): boolean {
  if (!candidate) return false;
  const url = parseCandidate(candidate, kind);
  if (!url) return false;
  return rules.some((text) => {
    const rule = parseRule(text, kind);
    return typeof rule !== 'string' && matches(rule, url, kind);
  });
}
