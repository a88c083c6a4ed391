// The `identities` attribute: JSON from a server-rendered page. Not JSON is kept as a mark, so that
// the element says so (`invalid-config`) instead of throwing while the page parses.

/** Marks an `identities` attribute that is not JSON, so the error is shown instead of thrown. */
export const INVALID_JSON = Symbol('invalid-json');

export const identitiesConverter = {
  fromAttribute(value: string | null): unknown {
    if (value === null) return undefined;
    try {
      return JSON.parse(value);
    } catch {
      return INVALID_JSON;
    }
  },
};
