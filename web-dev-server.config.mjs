// `npm start`: serves the demo at http://localhost:8000/demo/ with the Auth0 mock behind the same
// origin, so the top-level redirect to /authorize and back works offline.
import { networkInterfaces } from 'node:os';
import { DEMO_FILES, listenOn, serverMiddleware } from './demo/server.mjs';

/**
 * The demo's URLs on `host`: localhost on a loopback bind; on every interface (0.0.0.0, ::),
 * localhost and this machine's external IPv4 addresses; else the address itself.
 */
export function demoAddresses(host, port) {
  const url = (name) => `http://${name.includes(':') ? `[${name}]` : name}:${port}/demo/`;
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') return [url('localhost')];
  if (host !== '0.0.0.0' && host !== '::') return [url(host)];
  const external = Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && address.family === 'IPv4' && !address.internal)
    .map((address) => url(address.address));
  return [url('localhost'), ...external];
}

const port = Number(process.env.PORT) || 8000;
// Loopback only, unless HOST names another interface (HOST=0.0.0.0: every one, the LAN included).
const host = process.env.HOST || '127.0.0.1';
const loopback = host === '127.0.0.1' || host === 'localhost';
// Open the demo in the default browser where there is a desktop to open it on (not in CI, not over
// a bare SSH or container shell); NO_OPEN=1 turns it off.
const hasDesktop = process.platform !== 'linux' || !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const open = !process.env.CI && !process.env.NO_OPEN && hasDesktop ? '/demo/' : false;

const config = {
  port,
  hostname: loopback ? 'localhost' : host,
  rootDir: '.',
  nodeResolve: false,
  open,
  // Only the demo's pages and files, the mock, and never a dot path (.git, .env, …); bound to
  // loopback, only loopback Host names (DNS rebinding).
  middleware: serverMiddleware({ allow: DEMO_FILES, loopbackOnly: loopback }),
  plugins: [
    listenOn(host),
    {
      name: 'demo-address',
      serverStart({ server }) {
        const port = server?.address()?.port ?? config.port;
        // Only addresses that answer (scripts/start.mjs leaves out the dev server's own "Local:" and
        // "Network:" lines; the second names a LAN address that a loopback bind does not answer on).
        const urls = demoAddresses(host, port);
        const reach = loopback ? 'this machine only, HOST=0.0.0.0 to share; ' : '';
        console.log(`\n  account-linker demo: ${urls.join('  ')}  (${reach}Ctrl+C to stop)\n`);
      },
    },
  ],
};
export default config;
