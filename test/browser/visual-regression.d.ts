// @web/test-runner-visual-regression 0.10 types its browser entry as `./browser/commands.mjs`,
// whose declarations ship as `commands.d.ts`, which TypeScript does not pair with an .mjs file.
declare module '@web/test-runner-visual-regression' {
  /** Screenshots `element` and compares it with the baseline `name` (see web-test-runner.config.mjs). */
  export function visualDiff(element: Node, name: string): Promise<void>;
}
