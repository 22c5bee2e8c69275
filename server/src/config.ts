/**
 * The environment, parsed once. Nothing else in the server reads `process.env`:
 * every setting arrives through the `Config` object built here, so a bad value stops
 * start-up with a message naming the variable instead of surfacing later as a 500.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** Secrets used when none are configured: fine for a demo, refused in production. */
export const DEMO_AUTH_SECRET = 'yunquan-demo-auth-secret-change-me-0000000000';
export const DEMO_DATA_KEY = '0'.repeat(64);

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** An IPv4/IPv6 address, or one in CIDR notation with a prefix that fits its family. */
function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which peers may tell us the client's address in X-Forwarded-For: none (off, the default), the
 * nearest N hops, or the listed proxy addresses/CIDRs. `true` (believe anyone) is refused: it lets
 * any client forge its address, resetting per-address limits and the audit trail's record.
 */
const trustProxySetting = z
  .string()
  .trim()
  .transform((value, context): false | number | string[] => {
    if (value === 'off' || value === 'false') return false;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops >= 1 && hops <= 10) return hops;
    } else {
      const entries = value.split(',').map((entry) => entry.trim());
      if (entries.every((entry) => entry !== '' && isAddressOrCidr(entry))) return entries;
    }
    context.addIssue({
      code: 'custom',
      message:
        'must be off, a hop count from 1 to 10, or a comma list of proxy addresses/CIDRs ' +
        '(e.g. 10.0.0.5,10.1.0.0/16)',
    });
    return z.NEVER;
  });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /** PostgreSQL: longest wait for one new connection to open. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** PostgreSQL: longest wait for a pooled connection (busy pool) before answering 503. */
  DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** PostgreSQL: statement_timeout of the server's connections; 0 for none. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  PUBLIC_URL: z.url().optional(),
  /** Where uploaded files live. Only a local folder (default DATA_DIR/files) for now. */
  FILE_STORAGE: z
    .enum(['local'], { error: 'only "local" is available in this version' })
    .default('local'),
  FILE_DIR: z.string().min(1).optional(),
  /** Signs session cookies; at least 32 characters. */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** AES-256-GCM key (64 hex characters) for personal data encrypted at rest. */
  DATA_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (32 bytes)')
    .optional(),
  /** Starts the clock at this instant and lets it run on; for demos and acceptance tests. */
  FAKE_NOW: z.iso.datetime({ offset: true }).optional(),
  /** Seed the demo programme on a new database. Defaults to on outside production. */
  DEMO: booleanFlag.optional(),
  /** Production on the embedded database must be an explicit choice (PGlite runs fsync=off). */
  ALLOW_EMBEDDED_IN_PRODUCTION: booleanFlag.default(false),
  /** HSTS and upgrade-insecure-requests: on only behind HTTPS; intranet deployments use plain HTTP. */
  HTTPS_ONLY: booleanFlag.default(false),
  /** Proxies whose X-Forwarded-For is believed: off (default), a hop count, or addresses/CIDRs. */
  TRUST_PROXY: trustProxySetting.optional(),
  /** Require TOTP for government and operator accounts; defaults to on in production. */
  REQUIRE_TOTP: booleanFlag.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Open-API requests per minute per API key (429 RATE_LIMITED beyond). */
  OPEN_API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120_000),
  /** Failed open-API authentications per minute per source address (429 beyond, the address waits). */
  OPEN_API_FAILED_AUTH_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Run scheduled jobs in this process (turn off on extra instances if wanted). */
  JOBS: booleanFlag.default(true),
  /** SMS gateway (POST JSON { to, text }, Bearer key); unset: messages go to the server log. */
  SMS_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMS_GATEWAY_KEY: z.string().min(1).optional(),
  /** E-mail gateway (POST JSON { to, subject, text }, Bearer key); unset: the server log. */
  EMAIL_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
  EMAIL_GATEWAY_KEY: z.string().min(1).optional(),
  /** Real-name service (POST JSON { name, idNumber } → { match }); unset: local check only. */
  REAL_NAME_URL: z.url({ protocol: /^https?$/ }).optional(),
  REAL_NAME_KEY: z.string().min(1).optional(),
  /** How long a call to any of the three services may take before it counts as failed. */
  DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  isProduction: boolean;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  databaseTimeouts: { connectMs: number; acquireMs: number; statementMs: number };
  publicUrl: string;
  /** Whether PUBLIC_URL was set (the cross-site check then takes its origin, not the Host). */
  publicUrlConfigured: boolean;
  files: { kind: 'local'; dir: string };
  authSecret: string;
  dataEncryptionKey: Buffer;
  fakeNow: Date | undefined;
  demo: boolean;
  httpsOnly: boolean;
  /** Fastify's trustProxy: false, a hop count, or the proxy addresses/CIDRs. */
  trustProxy: false | number | string[];
  requireTotp: boolean;
  logLevel: string;
  jobs: boolean;
  allowEmbeddedInProduction: boolean;
  openApiRateLimitPerMinute: number;
  openApiFailedAuthPerMinute: number;
  /** External services for SMS, e-mail and real-name checks; null: the built-in default. */
  delivery: {
    sms: HttpServiceConfig | null;
    email: HttpServiceConfig | null;
    realName: HttpServiceConfig | null;
    timeoutMs: number;
  };
}

export interface HttpServiceConfig {
  url: string;
  key: string;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (normally `process.env`) into a `Config`, or throws `ConfigError`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset": `FOO= npm start` should not count as a value.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`,
      ),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const isProduction = e.NODE_ENV === 'production';

  if (isProduction && !e.AUTH_SECRET) problems.push('AUTH_SECRET: required in production');
  if (isProduction && e.AUTH_SECRET === DEMO_AUTH_SECRET) {
    problems.push('AUTH_SECRET: the demo secret cannot be used in production');
  }
  if (isProduction && !e.DATA_ENCRYPTION_KEY) {
    problems.push('DATA_ENCRYPTION_KEY: required in production');
  }
  if (isProduction && e.DATA_ENCRYPTION_KEY === DEMO_DATA_KEY) {
    problems.push('DATA_ENCRYPTION_KEY: the demo key cannot be used in production');
  }
  if (isProduction && e.FAKE_NOW) problems.push('FAKE_NOW: not allowed in production');
  if (isProduction && e.DEMO) problems.push('DEMO: demo data is not allowed in production');
  if (isProduction && !e.DATABASE_URL && !e.ALLOW_EMBEDDED_IN_PRODUCTION) {
    problems.push(
      'DATABASE_URL: required in production (the embedded database runs without fsync); ' +
        'set ALLOW_EMBEDDED_IN_PRODUCTION=true to choose it anyway',
    );
  }

  const httpService = (name: string, url?: string, key?: string): HttpServiceConfig | null => {
    if (url && !key) problems.push(`${name}_KEY: required when ${name}_URL is set`);
    if (key && !url) problems.push(`${name}_URL: required when ${name}_KEY is set`);
    return url && key ? { url, key } : null;
  };
  const delivery: Config['delivery'] = {
    sms: httpService('SMS_GATEWAY', e.SMS_GATEWAY_URL, e.SMS_GATEWAY_KEY),
    email: httpService('EMAIL_GATEWAY', e.EMAIL_GATEWAY_URL, e.EMAIL_GATEWAY_KEY),
    realName: httpService('REAL_NAME', e.REAL_NAME_URL, e.REAL_NAME_KEY),
    timeoutMs: e.DELIVERY_TIMEOUT_MS,
  };

  const dataDir = path.resolve(e.DATA_DIR);
  const files: Config['files'] = {
    kind: 'local',
    dir: path.resolve(e.FILE_DIR ?? path.join(dataDir, 'files')),
  };

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    nodeEnv: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseTimeouts: {
      connectMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      acquireMs: e.DATABASE_ACQUIRE_TIMEOUT_MS,
      statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    publicUrlConfigured: e.PUBLIC_URL !== undefined,
    files,
    authSecret: e.AUTH_SECRET ?? DEMO_AUTH_SECRET,
    dataEncryptionKey: Buffer.from(e.DATA_ENCRYPTION_KEY ?? DEMO_DATA_KEY, 'hex'),
    fakeNow: e.FAKE_NOW ? new Date(e.FAKE_NOW) : undefined,
    demo: e.DEMO ?? !isProduction,
    httpsOnly: e.HTTPS_ONLY,
    trustProxy: e.TRUST_PROXY ?? false,
    requireTotp: e.REQUIRE_TOTP ?? isProduction,
    logLevel: e.LOG_LEVEL,
    jobs: e.JOBS,
    allowEmbeddedInProduction: e.ALLOW_EMBEDDED_IN_PRODUCTION,
    openApiRateLimitPerMinute: e.OPEN_API_RATE_LIMIT_PER_MINUTE,
    openApiFailedAuthPerMinute: e.OPEN_API_FAILED_AUTH_PER_MINUTE,
    delivery,
  };
}
