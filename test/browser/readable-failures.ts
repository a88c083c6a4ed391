// A failed assertion on a DOM node must read as a failure: the test runner serializes the error's
// `actual` and `expected`, and walking a live node (and the window behind it) takes the browser
// down, so the run ends as "browser disconnected" with no message. Nodes become their markup here.
import { chai } from '@open-wc/testing';

function describe(value: unknown): unknown {
  if (typeof Node === 'undefined' || !(value instanceof Node)) return value;
  const text = value instanceof Element ? value.outerHTML : value.nodeName;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

const assert = chai.Assertion.prototype.assert;
chai.Assertion.prototype.assert = function (this: Chai.AssertionStatic, ...args: Parameters<typeof assert>) {
  try {
    return assert.apply(this, args);
  } catch (error) {
    if (error && typeof error === 'object') {
      const failure = error as { actual?: unknown; expected?: unknown };
      failure.actual = describe(failure.actual);
      failure.expected = describe(failure.expected);
    }
    throw error;
  }
} as typeof assert;
