// Public pieces of the mock; the hosts live in browser.ts, node.ts and middleware.ts.
export { createTenant, splitCompositeId, DEFAULT_SETTINGS, MAX_PENDING } from './store.js';
export type {
  Tenant,
  TenantSettings,
  FaultSpec,
  Fault,
  AuthorizeTransaction,
  AuthorizationCode,
  AccessTokenRecord,
  LoginSession,
  RefreshGrant,
  TenantState,
  PendingCounts,
} from './store.js';
export { createHandlers, handlers, tenant, isMockPath, MOCK_PATHS } from './handlers.js';
export {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_NAME,
  DEMO_TENANT,
  DEMO_SCOPE,
  DEMO_CLIENT_SCOPES,
  grantedScopes,
  DEMO_TOKENS,
  DEMO_USER_IDS,
  SPARE_USER_IDS,
  DATABASE_CONNECTION,
  KNOWN_CONNECTIONS,
  SEED_USERS,
  SEED_UPDATED_AT,
  isAllowedCallback,
  DEMO_CALLBACKS,
  DEMO_WEB_ORIGINS,
  DEMO_SEED,
  CLIENTS,
  findClient,
  SPA_CLIENT_ID,
  REGULAR_CLIENT_ID,
  REGULAR_CLIENT_SECRET,
  M2M_CLIENT_ID,
  M2M_CLIENT_SECRET,
  M2M_CLIENT_SCOPES,
  withClientUrls,
} from './seed.js';
export type { MockIdentity, MockUser, ProfileData, MockClient, TenantSeed, ClientUrls } from './seed.js';
export { isAllowedBy, urlRuleProblem, type UrlRuleKind } from './allowed-urls.js';
export { parseSeed, SeedError } from './seed-file.js';
