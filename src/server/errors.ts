// Every way a request to the server entry can fail, as a code, an HTTP status and a sentence the
// element may show. The codes the element knows are passed through as they are; the others
// (`bad-request`, `not-linked`) it reports as `http`.

/** The codes an answer or an outcome of `/result` may carry. */
export type LinkerErrorCode =
  | 'missing-token'
  | 'csrf'
  | 'bad-request'
  | 'state-mismatch'
  | 'authorize-error'
  | 'unverified-email'
  | 'already-linked'
  | 'primary-identity'
  | 'not-linked'
  | 'http'
  | 'bad-response'
  | 'network';

const STATUS: Record<LinkerErrorCode, number> = {
  'missing-token': 401,
  csrf: 403,
  'bad-request': 400,
  'state-mismatch': 400,
  'authorize-error': 400,
  'unverified-email': 403,
  'already-linked': 409,
  'primary-identity': 400,
  'not-linked': 404,
  http: 502,
  'bad-response': 502,
  network: 504,
};

/** A failure with its code; `status` overrides the code's usual one (e.g. a tenant's 429). */
export class LinkerError extends Error {
  readonly code: LinkerErrorCode;
  readonly status: number;
  /** Seconds, from the tenant's `Retry-After`, passed on with a 429. */
  readonly retryAfter: string | undefined;

  constructor(code: LinkerErrorCode, message: string, options: { status?: number; retryAfter?: string } = {}) {
    super(message);
    this.name = 'LinkerError';
    this.code = code;
    this.status = options.status ?? STATUS[code];
    this.retryAfter = options.retryAfter;
  }
}

export const isLinkerError = (error: unknown): error is LinkerError => error instanceof LinkerError;

/** The JSON body of an error answer: `{code, message}`, nothing else. */
export const errorBody = (error: LinkerError) => ({ code: error.code, message: error.message });

/** Anything thrown that is not a LinkerError: a bug or an unforeseen library error; its text stays on the server. */
export const unexpected = () => new LinkerError('http', 'The server could not complete the request.', { status: 500 });
