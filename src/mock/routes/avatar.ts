// GET /__mock/avatar/<slug>.svg: the seed users' pictures, initials on a colour of their own.
import { HttpResponse } from 'msw';
import { param, route, type Route } from './route.js';

function avatarSvg(slug: string): string {
  const initials = slug
    .split('-')
    .map((word) => word.charAt(0).toUpperCase())
    .join('')
    .slice(0, 2);
  let hue = 0;
  for (const char of slug) hue = (hue * 31 + char.charCodeAt(0)) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img" aria-label="${initials}"><rect width="64" height="64" fill="hsl(${hue}, 45%, 40%)"/><text x="32" y="32" dy=".35em" text-anchor="middle" font-family="system-ui, sans-serif" font-size="26" fill="#fff">${initials}</text></svg>`;
}

export const avatarRoutes: Route[] = [
  route('get', '/__mock/avatar/:file', (_request, params) => {
    const slug = /^([a-z0-9-]{1,40})\.svg$/.exec(param(params, 'file'))?.[1];
    if (!slug) return new HttpResponse('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    return new HttpResponse(avatarSvg(slug), {
      headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' },
    });
  }),
];
