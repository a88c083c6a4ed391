#!/usr/bin/env node
// `npx account-linker-mock`: an offline Auth0 tenant on its own origin (src/mock/README.md). The
// code is the built dist/mock/account-linker-mock.js, msw included, so it runs on plain Node.
let cli;
try {
  cli = await import('../dist/mock/account-linker-mock.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  // A git checkout before its first build: the package itself always ships the file.
  console.error('account-linker-mock: dist/mock/account-linker-mock.js is missing: run `npm run build` first.');
  process.exit(1);
}
await cli.main(process.argv.slice(2));
