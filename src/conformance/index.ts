// `account-linker-conformance` as a module: the command (`main`) and the runner (`run`) for tests.
export { main, parseCliArgs, formatLine, exitCodeOf, USAGE, UsageError } from './cli.js';
export { run, DUTIES, type ConformanceOptions, type DutyResult, type Duty, type Status } from './run.js';
export { tokensIn } from './scan.js';
