// The mock's own controls, for tests and demos: POST /__mock/reset, GET|POST /__mock/settings,
// POST|DELETE /__mock/fault. Never faulted, no CORS; who may call them: ../handlers.ts.
import { HttpResponse } from 'msw';
import { NO_STORE, json, oauthError, readJson } from '../responses.js';
import { faultProblem, type FaultSpec } from '../store.js';
import { route, type Route } from './route.js';

const noContent = () => new HttpResponse(null, { status: 204 });
const controlError = (description: string) => oauthError(400, 'invalid_request', description);
const control = { control: true };

export const controlRoutes: Route[] = [
  route(
    'post',
    '/__mock/reset',
    (_request, _params, { tenant }) => {
      tenant.reset();
      return noContent();
    },
    control,
  ),

  route('get', '/__mock/settings', (_request, _params, { tenant }) => json(tenant.settings(), 200, NO_STORE), control),

  route(
    'post',
    '/__mock/settings',
    async (request, _params, { tenant }) => {
      const body = await readJson(request);
      if (!body.ok) return controlError('The body must be a JSON object.');
      const unknown = Object.keys(body.value).filter((key) => key !== 'legacyLinking');
      if (unknown.length) return controlError(`Unknown setting: ${unknown.join(', ')}`);
      const { legacyLinking } = body.value;
      if (legacyLinking !== undefined && typeof legacyLinking !== 'boolean') return controlError('legacyLinking must be a boolean.');
      tenant.configure(legacyLinking === undefined ? {} : { legacyLinking });
      return noContent();
    },
    control,
  ),

  route(
    'post',
    '/__mock/fault',
    async (request, _params, { tenant }) => {
      const body = await readJson(request);
      if (!body.ok) return controlError('The body must be a JSON object.');
      const problem = faultProblem(body.value);
      if (problem) return controlError(problem);
      tenant.addFault(body.value as unknown as FaultSpec);
      return noContent();
    },
    control,
  ),

  route(
    'delete',
    '/__mock/fault',
    (_request, _params, { tenant }) => {
      tenant.clearFaults();
      return noContent();
    },
    control,
  ),
];
