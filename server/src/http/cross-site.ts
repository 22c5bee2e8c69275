/**
 * Cross-site request protection for the UI's API (decisions: D-security-4). SameSite=Lax
 * cookies alone let a page elsewhere POST a `text/plain` form with the session cookie; so a
 * state-changing request that a browser marks as coming from another origin is refused.
 *
 * A browser says where a request comes from in `Origin` (sent on every cross-origin request
 * and on same-origin POST/PUT/PATCH/DELETE) and, in current browsers, `Sec-Fetch-Site`. A
 * request with neither comes from no browser (the CLI, scripts, curl): it carries no ambient
 * credentials a third site could borrow, so it is let through.
 *
 * The platform's own origin is PUBLIC_URL's when it is configured; otherwise the request's own
 * Host (so the Vite dev server, which keeps the Host, and `npm start` on any address work).
 */
import type { FastifyRequest } from 'fastify';

export const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set([
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
]);

export type CrossSiteVerdict = 'same-origin' | 'no-browser' | 'cross-site';

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Where a request comes from, as its browser tells it. `publicOrigin` is PUBLIC_URL's origin
 * (`https://host[:port]`), or null when PUBLIC_URL is not configured.
 */
export function crossSiteVerdict(
  request: FastifyRequest,
  publicOrigin: string | null,
): CrossSiteVerdict {
  const origin = headerValue(request, 'origin');
  if (origin !== undefined) {
    if (publicOrigin !== null) return origin === publicOrigin ? 'same-origin' : 'cross-site';
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return 'cross-site'; // "null" (sandboxed frames, data: URLs) and anything unparseable
    }
    const own = headerValue(request, 'host');
    return own !== undefined && host === own.toLowerCase() ? 'same-origin' : 'cross-site';
  }
  const fetchSite = headerValue(request, 'sec-fetch-site');
  if (fetchSite === undefined) return 'no-browser';
  // "none": the person typed the address or used a bookmark; "same-site" is another origin.
  return fetchSite === 'same-origin' || fetchSite === 'none' ? 'same-origin' : 'cross-site';
}

/** Whether the cross-site rule applies: a state-changing call to the UI's API (not the signed open API). */
export function needsSameOrigin(request: FastifyRequest): boolean {
  return (
    STATE_CHANGING_METHODS.has(request.method) &&
    request.routeOptions.config.access !== 'api-client' &&
    request.url.startsWith('/api/')
  );
}
