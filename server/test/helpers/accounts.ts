/**
 * Accounts for integration tests: users of any role, a cookie-keeping client per simulated
 * browser, and TOTP codes computed independently of better-auth (RFC 6238, HMAC-SHA1).
 */
import { createHmac } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.js';
import { ROLE_ORGANISATION, type Role } from '../../src/domain/permissions.js';

/** Meets the password policy (upper, lower, digit, symbol). */
export const TEST_PASSWORD = 'Test-pass-2026';

let sequence = 0;
function next(): number {
  sequence += 1;
  return sequence;
}

/**
 * One browser: keeps the cookies the server sets and sends them back, and has an address of
 * its own, since sign-in is rate-limited per address.
 */
export class TestClient {
  readonly ip: string;
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: App,
    ip?: string,
  ) {
    const n = next();
    this.ip = ip ?? `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  }

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await this.app.inject({
      ...options,
      remoteAddress: this.ip,
      headers: { ...(cookie ? { cookie } : {}), ...options.headers },
    });
    this.keepCookies(response);
    return response;
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }

  post(url: string, body?: object) {
    return this.request({ method: 'POST', url, ...(body === undefined ? {} : { payload: body }) });
  }

  patch(url: string, body: object) {
    return this.request({ method: 'PATCH', url, payload: body });
  }

  delete(url: string) {
    return this.request({ method: 'DELETE', url });
  }

  signIn(username: string, password = TEST_PASSWORD) {
    return this.post('/api/session/sign-in', { username, password });
  }

  /** The raw (still URL-encoded) value of a cookie this browser holds. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Another browser that starts with the same cookies, e.g. a stolen or an old cookie. */
  copy(): TestClient {
    const other = new TestClient(this.app);
    for (const [name, value] of this.cookies) other.cookies.set(name, value);
    return other;
  }

  private keepCookies(response: LightMyRequestResponse): void {
    const header = response.headers['set-cookie'];
    const lines = header === undefined ? [] : Array.isArray(header) ? header : [header];
    for (const line of lines) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  role: Role;
  organisationId: string;
}

/** An organisation that fits the role, shared by all test users of that kind. */
export async function organisationFor(app: App, role: Role): Promise<string> {
  const { kind, department } = ROLE_ORGANISATION[role];
  const organisation = await app.services.users.ensureOrganisation({
    kind,
    name: `测试单位 ${kind}${department ? ` ${department}` : ''}`,
    ...(department ? { departmentCode: department } : {}),
  });
  return organisation.id;
}

export async function createTestUser(
  app: App,
  role: Role,
  options: { username?: string; password?: string; mobile?: string } = {},
): Promise<TestUser> {
  const username = options.username ?? `${role.replaceAll('_', '-')}-${next()}`;
  const password = options.password ?? TEST_PASSWORD;
  const organisationId = await organisationFor(app, role);
  const user = await app.services.users.createAccount({
    username,
    name: `测试 ${username}`,
    role,
    organisationId,
    password,
    ...(options.mobile ? { mobile: options.mobile } : {}),
  });
  return { id: user.id, username, password, role, organisationId };
}

/** Creates a user of the role and a client signed in as them. */
export async function signedInAs(
  app: App,
  role: Role,
): Promise<{ client: TestClient; user: TestUser }> {
  const user = await createTestUser(app, role);
  const client = new TestClient(app);
  const response = await client.signIn(user.username, user.password);
  if (response.statusCode !== 200) {
    throw new Error(`sign-in as ${role} failed: ${response.statusCode} ${response.body}`);
  }
  return { client, user };
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(input: string): Buffer {
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const character of input.replace(/=+$/, '').toUpperCase()) {
    const index = BASE32.indexOf(character);
    if (index < 0) throw new Error(`not Base32: ${character}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/**
 * The RFC 6238 code for a Base32 secret. Authenticators run on real time and better-auth checks
 * codes against the wall clock, so this uses the wall clock too (not the test's ManualClock).
 */
export function totpCode(base32Secret: string, stepsFromNow = 0): string {
  const counter = Math.floor(Date.now() / 30_000) + stepsFromNow;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(base32Secret)).update(message).digest();
  const offset = digest[digest.length - 1]! & 15;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** A six-digit code that is valid in none of the windows the server accepts. */
export function wrongTotpCode(base32Secret: string): string {
  const valid = new Set([-1, 0, 1].map((step) => totpCode(base32Secret, step)));
  let candidate = 0;
  while (valid.has(String(candidate).padStart(6, '0'))) candidate += 1;
  return String(candidate).padStart(6, '0');
}

/** The problem document of an error response. */
export function problemOf(response: LightMyRequestResponse): {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
} {
  return response.json();
}
