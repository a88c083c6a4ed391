// `npm start`: serves the demo at http://localhost:8000/demo/ with the Auth0 mock behind the same
// origin, so the top-level redirect to /authorize and back works offline.
import { serverMiddleware } from './demo/server.mjs';

const port = Number(process.env.PORT) || 8000;

export default {
  port,
  rootDir: '.',
  nodeResolve: false,
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
