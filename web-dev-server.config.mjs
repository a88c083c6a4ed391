// `npm start`: serves the demo at http://localhost:8000/demo/ with the Auth0 mock behind the same
// origin, so the top-level redirect to /authorize and back works offline.
import { serverMiddleware } from './demo/server.mjs';

const port = Number(process.env.PORT) || 8000;
// Open the demo in the default browser where there is a desktop to open it on (not in CI, not over
// a bare SSH or container shell); NO_OPEN=1 turns it off.
const hasDesktop = process.platform !== 'linux' || !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const open = !process.env.CI && !process.env.NO_OPEN && hasDesktop ? '/demo/' : false;

export default {
  port,
  rootDir: '.',
  nodeResolve: false,
  open,
  middleware: serverMiddleware(),
  plugins: [
    {
      name: 'demo-address',
      serverStart() {
        console.log(`\n  account-linker demo: http://localhost:${port}/demo/  (Ctrl+C to stop)\n`);
      },
    },
  ],
};
