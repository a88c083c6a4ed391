/**
 * Brand names of common Auth0 providers and connections. Names that need translating
 * (e.g. "Email and password") live in the strings table instead; unknown ones show as given.
 */
const BRANDS: Record<string, string> = {
  'google-oauth2': 'Google',
  github: 'GitHub',
  facebook: 'Facebook',
  windowslive: 'Microsoft',
  'microsoft-account': 'Microsoft',
  waad: 'Microsoft Entra ID',
  apple: 'Apple',
  twitter: 'X (Twitter)',
  linkedin: 'LinkedIn',
  gitlab: 'GitLab',
  bitbucket: 'Bitbucket',
  samlp: 'SAML',
  oidc: 'OpenID Connect',
  adfs: 'ADFS',
};

export function providerName(key: string, localized: Readonly<Record<string, string>> = {}): string {
  return localized[key] ?? BRANDS[key] ?? key;
}

/**
 * The one name of a connection everywhere (its row, its add link or menu item, the notices): its
 * brand or translated name, else the connection's own name (`corp-oidc`, a custom `oauth2`
 * connection such as `gitea`). Hosts rename any connection with `strings.providers`.
 */
export function connectionName(connection: string, localized: Readonly<Record<string, string>> = {}): string {
  return providerName(connection, localized);
}
