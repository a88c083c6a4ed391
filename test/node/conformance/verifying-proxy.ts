/// <reference types="node" />
// A tenant that lets an unverified email through, for the test of the unverified-email duty: a
// loopback proxy in front of the stand-alone mock that passes everything on, except that it is the
// issuer of its own discovery document and JWKS, and re-signs every ID token with its own key,
// saying `email_verified: true`. A linker pointed at it links the mock's unverified account (the
// guard's input is forged, the guard itself untouched), as a server that skipped the check would.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, sign } from 'node:crypto';

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export async function startVerifyingProxy(upstream: string): Promise<{ origin: string; close(): Promise<void> }> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'verifying-proxy' };
  let origin = '';

  async function forward(req: IncomingMessage, body: Buffer): Promise<Response> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || ['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) continue;
      headers.set(name, [value].flat().join(', '));
    }
    let text = body.toString('utf8');
    // What the linker says of the tenant (an audience) names the upstream to the upstream.
    text = text.split(encodeURIComponent(origin)).join(encodeURIComponent(upstream)).split(origin).join(upstream);
    return fetch(`${upstream}${req.url}`, {
      method: req.method ?? 'GET',
      headers,
      redirect: 'manual',
      ...(req.method !== 'GET' && req.method !== 'HEAD' ? { body: text } : {}),
    });
  }

  function resign(idToken: string): string {
    const payload = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const input = `${b64(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: jwk.kid }))}.${b64(JSON.stringify({ ...payload, iss: `${origin}/`, email_verified: true }))}`;
    return `${input}.${b64(sign('sha256', Buffer.from(input), privateKey))}`;
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/.well-known/jwks.json') {
        res.setHeader('Content-Type', 'application/json');
        return void res.end(JSON.stringify({ keys: [jwk] }));
      }
      const answer = await forward(req, Buffer.concat(chunks));
      let body = Buffer.from(await answer.arrayBuffer());
      if (path === '/.well-known/openid-configuration') body = Buffer.from(body.toString('utf8').split(upstream).join(origin));
      if (path === '/oauth/token' && answer.ok) {
        const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        if (typeof json.id_token === 'string') body = Buffer.from(JSON.stringify({ ...json, id_token: resign(json.id_token) }));
      }
      res.statusCode = answer.status;
      answer.headers.forEach((value, name) => {
        if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'set-cookie'].includes(name)) res.setHeader(name, value);
      });
      const cookies = answer.headers.getSetCookie();
      if (cookies.length) res.setHeader('Set-Cookie', cookies);
      res.end(body);
    } catch (error) {
      res.statusCode = 502;
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
