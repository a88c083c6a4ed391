/** @type {import('next').NextConfig} */
const nextConfig = {
  // The route handler's package and the libraries it uses run as Node modules, not bundled.
  serverExternalPackages: ['account-linker', 'auth0', 'openid-client'],
};

export default nextConfig;
