// Injected faults: a canned answer (status, body, headers) for the next matching request(s), so tests
// can play Auth0's errors, rate limits and outages (`Tenant.addFault`, `POST /__mock/fault`).

/** A canned answer for the next matching request(s): see `Tenant.addFault`. */
export interface FaultSpec {
  /** HTTP method, any case; omitted: every method except OPTIONS (preflights still pass). */
  method?: string;
  /** Exact pathname (`/userinfo`), or a prefix ending in `*` (`/api/v2/*`). Matched against the
   * pathname as sent and URL-decoded (`auth0|x` matches `auth0%7Cx`). */
  path: string;
  /** 200–599. */
  status: number;
  /** A string is sent as is (default `text/plain`); anything else as JSON. Omitted: an Auth0-shaped
   * JSON error for 4xx/5xx, nothing for 2xx/3xx. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** How many matching requests get this answer; default 1. */
  times?: number;
}

/** A pending fault as the tenant keeps it. */
export interface Fault extends Omit<FaultSpec, 'times'> {
  remaining: number;
}


/** Checks a fault spec; returns a problem, or undefined when it is usable. */
export function faultProblem(spec: unknown): string | undefined {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return 'A fault must be an object.';
  const { method, path, status, contentType, headers, times } = spec as Record<string, unknown>;
  if (method !== undefined && (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method))) return 'method must be an HTTP method name.';
  if (typeof path !== 'string' || !path.startsWith('/')) return 'path must be a pathname starting with "/".';
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    return 'status must be an integer from 200 to 599.';
  }
  if (contentType !== undefined && typeof contentType !== 'string') return 'contentType must be a string.';
  if (
    headers !== undefined &&
    (typeof headers !== 'object' || headers === null || Array.isArray(headers) ||
      Object.values(headers).some((value) => typeof value !== 'string'))
  ) {
    return 'headers must map names to strings.';
  }
  if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) {
    return 'times must be a positive integer.';
  }
  return undefined;
}

function safeDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

export function faultMatches(fault: Fault, method: string, pathname: string): boolean {
  const verb = method.toUpperCase();
  if (fault.method ? fault.method.toUpperCase() !== verb : verb === 'OPTIONS') return false;
  const candidates = [pathname, safeDecode(pathname)];
  if (fault.path.endsWith('*')) {
    const prefix = fault.path.slice(0, -1);
    return candidates.some((candidate) => candidate.startsWith(prefix));
  }
  return candidates.includes(fault.path);
}
