// `npm run analyze` (part of `npm run build`): writes custom-elements.json from the element's JSDoc.
export default {
  globs: ['src/account-linker.ts', 'src/index.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // Reactive internal state (`_phase`, …) is not API: keep it out of the manifest.
      name: 'hide-internal-state',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            if (declaration.attributes) declaration.attributes = declaration.attributes.filter((a) => !a.name.startsWith('_'));
            if (declaration.members) {
              declaration.members = declaration.members.filter((m) => !m.name.startsWith('_') && !m.name.startsWith('#') && m.privacy !== 'private');
            }
          }
        }
      },
    },
    {
      // The package ships the bundle, not src/: one module, dist/account-linker.js, declares the
      // class and defines the tag (what `import 'account-linker'` loads).
      name: 'point-at-the-bundle',
      packageLinkPhase({ customElementsManifest }) {
        const BUNDLE = 'dist/account-linker.js';
        const modules = customElementsManifest.modules;
        const element = modules.find((mod) => mod.path === 'src/account-linker.ts');
        const index = modules.find((mod) => mod.path === 'src/index.ts');
        if (!element || !index) throw new Error('custom-elements.json: src/account-linker.ts or src/index.ts is missing');
        element.path = BUNDLE;
        const definitions = (index.exports ?? []).filter((entry) => entry.kind === 'custom-element-definition');
        element.exports = [...(element.exports ?? []), ...definitions];
        for (const entry of element.exports) if (entry.declaration) entry.declaration.module = BUNDLE;
        customElementsManifest.modules = [element];
      },
    },
  ],
};
