// The legacy unlink of the Authentication API: POST /unlink (and its later name /login/unlink)
// with the primary's access token in a JSON body. (The legacy link starts at /authorize.)
import { json, oauthError, readJson, TOKEN_PROBLEMS } from '../responses.js';
import { splitCompositeId } from '../store.js';
import { route, type Resolver, type Route } from './route.js';

const legacyUnlink: Resolver = async (request, _params, { tenant }) => {
  const body = await readJson(request);
  if (!body.ok) {
    return oauthError(
      400,
      'invalid_request',
      body.problem === 'content-type' ? 'Content-Type must be application/json.' : 'The body must be a JSON object.',
    );
  }
  const { access_token, user_id } = body.value;
  const check = tenant.checkAccessToken(typeof access_token === 'string' ? access_token : undefined);
  if (!check.ok) return oauthError(401, 'invalid_token', TOKEN_PROBLEMS[check.reason]);
  if (user_id === undefined || user_id === null || user_id === '') {
    return oauthError(400, 'invalid_request', 'Missing required parameter: user_id');
  }
  const parts = typeof user_id === 'string' ? splitCompositeId(user_id) : undefined;
  if (!parts) return oauthError(400, 'invalid_request', 'user_id must be "provider|id".');
  const result = tenant.unlink(check.token.sub, parts.provider, parts.userId);
  if (!result.ok) {
    if (result.reason === 'main-identity') return oauthError(400, 'invalid_request', 'Main identity cannot be removed.');
    if (result.reason === 'user-not-found') return oauthError(404, 'not_found', 'The user does not exist.');
    return oauthError(404, 'not_found', `The identity ${user_id} is not linked to this user.`);
  }
  return json({ message: 'Successfully unlinked user account' });
};

export const legacyRoutes: Route[] = [route('post', '/unlink', legacyUnlink), route('post', '/login/unlink', legacyUnlink)];
