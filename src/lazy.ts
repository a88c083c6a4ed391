// A chunk the element fetches once per page, when first wanted (the English texts, the describing
// code, the marks, the suggestions' view). One that cannot come (offline, a navigation under way)
// resolves undefined and is not asked for again: what needs it does without, never an unhandled
// rejection.
export interface LazyChunk<M> {
  /** The module, once here. */
  readonly module: M | undefined;
  /** Fetches it (once); resolves with it, or undefined when it cannot come. */
  load(): Promise<M | undefined>;
}

export function lazyChunk<M>(importer: () => Promise<M>): LazyChunk<M> {
  let module: M | undefined;
  let loading: Promise<M | undefined> | undefined;
  return {
    get module() {
      return module;
    },
    load: () =>
      (loading ??= importer().then(
        (loaded) => (module = loaded),
        () => undefined,
      )),
  };
}
