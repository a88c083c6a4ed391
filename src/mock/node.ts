// Node host: the handlers intercepting fetch in Node tests (call server.listen() / close()).
import { setupServer } from 'msw/node';
import { handlers, tenant } from './handlers.js';

export const server = setupServer(...handlers);

export { tenant };
