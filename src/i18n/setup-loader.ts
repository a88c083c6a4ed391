// The setup messages' chunk (setup-texts.ts), loaded once per page when an error first needs it.
type SetupModule = typeof import('./setup-texts.js');

let loaded: SetupModule | undefined;
let loading: Promise<SetupModule | undefined> | undefined;

/** The setup messages when they are here. */
export const setupTexts = (): SetupModule | undefined => loaded;

/** Fetches them once; resolves undefined when the chunk cannot come (the generic sentence is said then). */
export function loadSetupTexts(): Promise<SetupModule | undefined> {
  return (loading ??= import('./setup-texts.js').then(
    (module) => (loaded = module),
    () => undefined,
  ));
}
