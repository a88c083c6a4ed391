// What the mock's builds give the element's provider tables for `lit` (rollup.config.mjs): the two
// template tags they use, as plain data. The tables' marks are static and their tiles are plain CSS,
// so the sign-in page needs their text only, not Lit and its server DOM shim in every mock bundle.
// (Run from source, under tsx, the tables get the real Lit, whose results have the same shape.)

export interface TagResult {
  strings: TemplateStringsArray;
  values: unknown[];
}

export const html = (strings: TemplateStringsArray, ...values: unknown[]): TagResult => ({ strings, values });

export const css = (strings: TemplateStringsArray, ...values: unknown[]): { cssText: string } => ({
  cssText: strings.reduce((out, text, i) => out + text + (i < values.length ? String(values[i]) : ''), ''),
});
