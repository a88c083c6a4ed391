// `npm run analyze` (part of `npm run build`): writes custom-elements.json from the element's JSDoc.
import { readFileSync } from 'node:fs';

/**
 * The configuration's attributes are declared once, in `CONFIG_ATTRIBUTES` (src/protocol/config.ts),
 * and spread into the element's properties, where the analyzer cannot see them: read them there.
 */
function configAttributes() {
  const source = readFileSync(new URL('./src/protocol/config.ts', import.meta.url), 'utf8');
  const table = /export const CONFIG_ATTRIBUTES = \{([\s\S]*?)\n\}/.exec(source)?.[1];
  if (!table) throw new Error('custom-elements.json: CONFIG_ATTRIBUTES not found in src/protocol/config.ts');
  return [...table.matchAll(/^\s*(\w+): \{ type: (String|Boolean)(?:, attribute: '([\w-]+)')? \}/gm)].map(([, name, type, attribute]) => ({
    name,
    attribute: attribute ?? name.toLowerCase(),
    type: type === 'Boolean' ? 'boolean' : 'string',
  }));
}

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
      name: 'config-attributes',
      packageLinkPhase({ customElementsManifest }) {
        const element = customElementsManifest.modules.flatMap((mod) => mod.declarations ?? []).find((d) => d.tagName);
        if (!element) return;
        element.attributes ??= [];
        for (const { name, attribute } of configAttributes()) {
          const field = element.members?.find((member) => member.kind === 'field' && member.name === name);
          if (!field) throw new Error(`custom-elements.json: the element declares no property ${name}`);
          field.attribute = attribute;
          if (!element.attributes.some((a) => a.name === attribute)) {
            element.attributes.push({ name: attribute, fieldName: name, type: field.type, description: field.description, ...(field.default ? { default: field.default } : {}) });
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
