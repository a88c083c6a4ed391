// What a route module is: a table of routes, each a method, an exact path (`:name` segments are
// parameters) and a resolver given the tenant. The tables are static, so the paths the mock answers
// (what the middleware lets through) are known without a tenant: see ../handlers.ts.
import type { Tenant } from '../store.js';

export type Method = 'get' | 'post' | 'delete';
export type Params = Record<string, string | readonly string[] | undefined>;

/** What a route is handed besides the request: the tenant it plays. */
export interface RouteContext {
  tenant: Tenant;
}

export type Resolver = (request: Request, params: Params, context: RouteContext) => Response | Promise<Response>;

export interface Route {
  method: Method;
  path: string;
  resolve: Resolver;
  /** One of the mock's own controls (reset, settings, faults): never faulted, no CORS, this machine only. */
  control?: boolean;
}

export const route = (method: Method, path: string, resolve: Resolver, options: { control?: boolean } = {}): Route => ({
  method,
  path,
  resolve,
  ...(options.control ? { control: true } : {}),
});

/** A path parameter as a string (msw hands them over URL-decoded). */
export const param = (params: Params, name: string) => {
  const value = params[name];
  return typeof value === 'string' ? value : '';
};
