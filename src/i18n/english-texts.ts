// The chunk of English that a page fetches only when it first shows an error that needs it: the
// setup messages (every language) and the English sentences of the errors that come with a
// server's answer. One chunk, one fetch: such errors are rare, and the two often come together.
export { SETUP_TEXTS, managementTokenHelp } from './setup-texts.js';
export { ENGLISH_ERRORS } from './english-errors.js';
