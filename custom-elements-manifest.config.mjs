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
  ],
};
