/**
 * Every registered route × every role (and no one): the expectations come from the route's
 * declared access and ROLE_PERMISSIONS alone, so routes added later are covered without
 * touching this file. Each call is a minimal request (no body beyond `{}`, placeholder ids):
 * what matters is whether access control lets it through, not what the handler then says.
 */
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import {
  PERMISSIONS,
  type Permission,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
} from '../../src/domain/permissions.js';
import type { RegisteredRoute } from '../../src/http/access.js';
import { createTestUser, TestClient, type TestUser } from '../helpers/accounts.js';
import { createTestApp, TEST_START, type TestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';

let t: TestApp;
let routes: RegisteredRoute[];
/** The last route whose handler started (set by the app's observer, cleared before each probe). */
let reached: string | null = null;

beforeAll(async () => {
  t = await createTestApp({
    observeHandlers: (route) => {
      reached = `${route.method} ${route.url}`;
    },
  });
  routes = t.app.registeredRoutes;
});
afterAll(async () => {
  await t.close();
});

/** `/admin/users/:id` → `/admin/users/matrix-probe`; a wildcard gets the same placeholder. */
function probeUrl(url: string): string {
  return url.replace(/:[A-Za-z0-9_]+/g, 'matrix-probe').replace(/\*$/, 'matrix-probe');
}

function probe(client: TestClient, route: RegisteredRoute): Promise<LightMyRequestResponse> {
  reached = null;
  const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
  return client.request({
    method: route.method as 'GET',
    url: probeUrl(route.url),
    ...(hasBody ? { payload: {} } : {}),
  });
}

function describeCall(route: RegisteredRoute, response: LightMyRequestResponse): string {
  const code = response.headers['content-type']?.toString().includes('json')
    ? (response.json() as { code?: string }).code
    : undefined;
  return `${route.method} ${route.url} (${route.access}) → ${response.statusCode}${code ? ` ${code}` : ''}`;
}

/**
 * A permitted call went through when its route's own handler ran (whatever the handler then
 * answered: a placeholder id is a 404 of the handler's own), or when the request stopped at the
 * route's input validation — which runs after access control, before the handler, and the probe's
 * empty body rarely satisfies. Anything else (a 404 of no route, a 403 of a later check, a 5xx)
 * is a failure.
 */
function permittedCallWentThrough(
  route: RegisteredRoute,
  response: LightMyRequestResponse,
): boolean {
  if (response.statusCode >= 500) return false;
  if (reached === `${route.method} ${route.url}`) return true;
  const isJson = response.headers['content-type']?.toString().includes('json') ?? false;
  return response.statusCode === 400 && isJson && response.json().code === 'VALIDATION_FAILED';
}

describe('route declarations', () => {
  it('registers routes, each with an access rule the access table knows', () => {
    expect(routes.length).toBeGreaterThan(10);
    const known = new Set<string>([...PERMISSIONS, 'public', 'api-client']);
    const undeclared = routes.filter(
      (route) => route.access === undefined || !known.has(route.access),
    );
    expect(undeclared.map((route) => `${route.method} ${route.url}`)).toEqual([]);
  });

  it('refuses to start when a route declares no access rule', async () => {
    const database = await createTestDatabase();
    const app = await buildApp({
      config: loadConfig({ NODE_ENV: 'test', DATA_DIR: path.join(os.tmpdir(), 'yunquan-matrix') }),
      clock: new ManualClock(TEST_START),
      database: database.database,
      logger: false,
    });
    try {
      app.get('/api/forgotten', async () => ({ secret: true }));
      await expect(app.ready()).rejects.toThrow(
        /without a declared access rule: GET \/api\/forgotten/,
      );
    } finally {
      await app.close().catch(() => {});
      await database.close();
    }
  });
});

describe('anonymous callers', () => {
  it('reach public routes and nothing else', async () => {
    const client = new TestClient(t.app);
    const wrong: string[] = [];
    for (const route of routes) {
      const response = await probe(client, route);
      const status = response.statusCode;
      const ok =
        route.access === 'public'
          ? permittedCallWentThrough(route, response)
          : status === 401 && response.json().code === 'UNAUTHENTICATED';
      if (!ok) wrong.push(describeCall(route, response));
    }
    expect(wrong).toEqual([]);
  });
});

describe.each(ROLES)('role %s', (role: Role) => {
  let user: TestUser;
  let client: TestClient;

  async function ensureSignedIn(): Promise<void> {
    // Some probes end the session (sign-out); sign in again rather than depend on route order.
    if ((await client.get('/api/me')).statusCode === 200) return;
    const response = await client.signIn(user.username, user.password);
    if (response.statusCode !== 200) throw new Error(`cannot sign in as ${role}: ${response.body}`);
  }

  beforeAll(async () => {
    user = await createTestUser(t.app, role);
    client = new TestClient(t.app);
  });

  it('reaches exactly the routes its permissions allow', async () => {
    const permissions: readonly Permission[] = ROLE_PERMISSIONS[role];
    const wrong: string[] = [];
    for (const route of routes) {
      await ensureSignedIn();
      const response = await probe(client, route);
      const status = response.statusCode;
      let ok: boolean;
      if (route.access === 'api-client') {
        // A signed-in person is no API client: only a signature opens these.
        ok = status === 401;
      } else if (route.access === 'public' || permissions.includes(route.access as Permission)) {
        ok = permittedCallWentThrough(route, response);
      } else {
        ok = status === 403 && response.json().code === 'FORBIDDEN';
      }
      if (!ok) wrong.push(describeCall(route, response));
    }
    expect(wrong).toEqual([]);
  });
});
