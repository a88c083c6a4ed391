// A Web Test Runner reporter that ends the run with one plain line, `N passed, N failed`, adding up
// every engine's results, after one line per engine with its own counts and how long it took. When
// SUMMARY_FILE is set it writes the counts as JSON for scripts/test.mjs to add up:
//   { passed, failed, skipped, engines: { Chrome: { passed, failed, skipped, seconds }, … } }
import { writeFileSync } from 'node:fs';

function countSuite(suite, counts) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites ?? []) countSuite(child, counts);
}

export function summaryReporter() {
  // Per engine (the launcher's name): when its first file started and its last one finished.
  const times = new Map();
  return {
    start({ sessions }) {
      sessions.on('session-status-updated', (session) => {
        if (session.status === 'SCHEDULED') return; // every file is scheduled at the start
        const name = session.browser.name;
        const time = times.get(name) ?? { first: Date.now(), last: Date.now() };
        time.last = Date.now();
        times.set(name, time);
      });
    },
    stop({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0, engines: {} };
      for (const session of sessions) {
        const name = session.browser.name;
        const engine = (counts.engines[name] ??= { passed: 0, failed: 0, skipped: 0, seconds: 0 });
        const before = engine.failed;
        if (session.testResults) countSuite(session.testResults, engine);
        // A file that failed to load or errored outside a test still fails the run.
        if (!session.passed && engine.failed === before) engine.failed += 1;
      }
      const lines = [];
      for (const [name, engine] of Object.entries(counts.engines)) {
        const time = times.get(name);
        engine.seconds = time ? Math.round((time.last - time.first) / 100) / 10 : 0;
        counts.passed += engine.passed;
        counts.failed += engine.failed;
        counts.skipped += engine.skipped;
        lines.push(`  ${name} (${engine.seconds} s): ${engine.passed} passed, ${engine.failed} failed, ${engine.skipped} skipped`);
      }
      if (process.env.SUMMARY_FILE) writeFileSync(process.env.SUMMARY_FILE, JSON.stringify(counts));
      process.stdout.write(`\n${lines.join('\n')}\nbrowser: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
    },
  };
}
