/**
 * The security headers (Content-Security-Policy, HSTS, X-Frame-Options, …) of every response,
 * set from a list worked out once at start-up (D-http-speed-2).
 *
 * They are helmet's: the list is what `helmet(options)` does to a response, recorded by running
 * it once against a stand-in response, with the options @fastify/helmet was given before. The
 * plugin did the same work on every request (it builds `helmet(options)` anew each time: option
 * parsing, the policy's directives validated and joined) for headers that never change, since
 * none of our directives depends on the request and no route sets helmet options of its own.
 * Setting them on the raw response in the same onRequest position, in helmet's order, keeps every
 * answer's headers as they were (server/test/security/security-headers.test.ts compares them
 * with @fastify/helmet's on each kind of response).
 */
import { createRequire } from 'node:module';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

/** @fastify/helmet's options are helmet's, plus two of its own that we never set. */
type HelmetOptions = FastifyHelmetOptions;
type Helmet = (
  options: HelmetOptions,
) => (
  req: unknown,
  res: { setHeader(name: string, value: string): void; removeHeader(name: string): void },
  next: (error?: unknown) => void,
) => void;

/** The helmet that @fastify/helmet itself uses (its dependency, wherever npm put it). */
const helmet = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'))(
  'helmet',
) as Helmet;

/** The options the platform gives helmet (as @fastify/helmet was registered with, D-security). */
export function helmetOptions(config: Pick<Config, 'httpsOnly'>): HelmetOptions {
  return {
    // Plain-HTTP intranet deployments must not be told to upgrade to HTTPS.
    hsts: config.httpsOnly,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
        frameSrc: ["'self'", 'blob:'],
        objectSrc: ["'self'", 'blob:'],
        upgradeInsecureRequests: config.httpsOnly ? [] : null,
      },
    },
  };
}

/** One thing helmet does to a response: set a header, or remove one (X-Powered-By). */
export type HeaderStep = readonly [name: string, value: string] | readonly [name: string, null];

/** What helmet does to every response with these options, in its order. */
export function securityHeaderSteps(options: HelmetOptions): HeaderStep[] {
  const steps: HeaderStep[] = [];
  let failure: unknown;
  helmet(options)(
    {},
    {
      setHeader: (name, value) => {
        steps.push([name, String(value)]);
      },
      removeHeader: (name) => {
        steps.push([name, null]);
      },
    },
    (error) => {
      failure = error;
    },
  );
  if (failure) throw failure;
  return steps;
}

/** Every response gets the headers, first thing on arrival (404s and errors included). */
export function registerSecurityHeaders(app: FastifyInstance, config: Config): void {
  const steps = securityHeaderSteps(helmetOptions(config));
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of steps) {
      if (value === null) raw.removeHeader(name);
      else raw.setHeader(name, value);
    }
    done();
  });
}
