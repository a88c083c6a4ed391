// `npm start`: serves the demo at http://localhost:8000/demo/ with the Auth0 mock behind the same
// origin, so the top-level redirect to /authorize and back works offline.
import { DEMO_FILES, listenOn, serverMiddleware } from './demo/server.mjs';

const port = Number(process.env.PORT) || 8000;
// Loopback only, unless HOST names another interface (HOST=0.0.0.0: every one, the LAN included).
const host = process.env.HOST || '127.0.0.1';
const loopback = host === '127.0.0.1' || host === 'localhost';
// Open the demo in the default browser where there is a desktop to open it on (not in CI, not over
// a bare SSH or container shell); NO_OPEN=1 turns it off.
const hasDesktop = process.platform !== 'linux' || !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const open = !process.env.CI && !process.env.NO_OPEN && hasDesktop ? '/demo/' : false;

export default {
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
        const shown = loopback ? 'localhost' : host;
        // (@web/dev-server's own "Network:" line is printed regardless: on loopback it does not answer.)
        const reach = loopback ? 'this machine only, HOST=0.0.0.0 to share; ' : '';
        console.log(`\n  account-linker demo: http://${shown}:${server?.address()?.port ?? port}/demo/  (${reach}Ctrl+C to stop)\n`);
      },
    },
  ],
};
