// A failed assertion on a DOM node must read as a failure: the test runner serializes the error's
// `actual` and `expected`, and walking a live node (and the window behind it) takes the browser
// down, so the run ends as "browser disconnected" with no message. Nodes become their markup here.
import { chai } from '@open-wc/testing';

// By shape, not `instanceof`: a node of the demo's frame (another window) is not this window's Node.
const isNode = (value: unknown): value is Node =>
  value !== null && typeof value === 'object' && typeof (value as Node).nodeType === 'number' && typeof (value as Node).nodeName === 'string';

function describe(value: unknown): unknown {
  if (!isNode(value)) return value;
  const text = 'outerHTML' in value && typeof value.outerHTML === 'string' ? value.outerHTML : value.nodeName;
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
