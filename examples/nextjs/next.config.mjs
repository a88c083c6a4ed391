/** @type {import('next').NextConfig} */
const nextConfig = {
  // The libraries the route handler uses run as Node modules, not bundled. account-linker is
  // bundled: its React wrapper must render with the React Next renders with (kept external, the
  // page's server render failed here with a 500).
  serverExternalPackages: ['auth0', 'openid-client'],
};

export default nextConfig;
