#!/usr/bin/env node
// `npx account-linker-conformance`: checks a running server of <account-linker mode="server"> (any
// language) against the contract's duties, with the stand-alone mock as its tenant. The code is the
// built dist/conformance/ (plain Node, no dependencies).
let cli;
try {
  cli = await import('../dist/conformance/index.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  console.error('account-linker-conformance: dist/conformance/index.js is missing: run `npm run build` first.');
  process.exit(1);
}
// A closed pipe (`… | head`) ends the output, not the run with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
});
process.exitCode = await cli.main(process.argv.slice(2));
