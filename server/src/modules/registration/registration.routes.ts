/**
 * Registration of enterprise agents (public): the personal-information rules, a code by SMS,
 * and the account itself, which signs the new agent in.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { humanName } from '../../domain/names.js';
import { isAppError } from '../../errors.js';
import type { Services } from '../../services.js';
import type { ClientInfo } from '../accounts/auth.service.js';

/** Per client address, on top of the per-number limits in the service. */
const CODE_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };
const REGISTER_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };

const mobile = z.string().trim().min(1).max(20).describe('Mainland mobile number, 11 digits');

export const sendCodeBody = z.object({ mobile });

export const codeSentResponse = z.object({
  /** The number as shown: 138****1234. */
  sentTo: z.string(),
  expiresInSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
  /** Only in demo mode: the code, to show on screen. */
  demoCode: z.string().optional(),
});

export const registerBody = z.object({
  mobile,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '验证码为 6 位数字 six digits'),
  password: z.string().min(1).max(128),
  name: humanName(50),
  email: z
    .union([z.literal(''), z.email().max(254)])
    .optional()
    .describe('Optional; an empty string counts as none'),
  acceptTerms: z.boolean(),
  termsVersion: z.string().trim().min(1).max(40),
});

export const registeredResponse = z.object({
  status: z.literal('signed-in'),
  user: z.object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    /** Masked: 138****1234. */
    mobile: z.string(),
  }),
  organisation: z.object({ id: z.string(), name: z.string() }),
});

export const termsResponse = z.object({ version: z.string(), title: z.string(), text: z.string() });

function clientOf(request: FastifyRequest): ClientInfo {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    requestId: String(request.id),
    cookieHeader: request.headers.cookie,
  };
}

/** Sets Retry-After from a refusal that says when to try again, then lets it go on. */
function withRetryAfter(reply: FastifyReply, error: unknown): never {
  if (isAppError(error) && typeof error.extensions?.retryAfter === 'number') {
    reply.header('retry-after', String(error.extensions.retryAfter));
  }
  throw error;
}

export function registerRegistrationRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { registration } = services;

  api.get(
    '/registration/terms',
    {
      config: { access: 'public' },
      schema: {
        tags: ['registration'],
        summary: 'The personal-information rules an agent accepts on registration',
        response: { 200: termsResponse },
      },
    },
    async () => registration.terms(),
  );

  api.post(
    '/registration/codes',
    {
      config: { access: 'public', audit: 'registration.send-code', rateLimit: CODE_RATE_LIMIT },
      schema: {
        tags: ['registration'],
        summary: 'Send a registration code by SMS (limited per number and per address)',
        body: sendCodeBody,
        response: { 202: codeSentResponse },
      },
    },
    async (request, reply) => {
      const sent = await registration
        .sendCode(request.body.mobile, request.ip)
        .catch((error: unknown) => withRetryAfter(reply, error));
      request.audit = { targetType: 'mobile', detail: { sentTo: sent.sentTo } };
      return reply.code(202).send(sent);
    },
  );

  api.post(
    '/registration',
    {
      config: { access: 'public', audit: 'registration.register', rateLimit: REGISTER_RATE_LIMIT },
      schema: {
        tags: ['registration'],
        summary: 'Register an enterprise agent with the code; signs the new agent in',
        body: registerBody,
        response: { 201: registeredResponse },
      },
    },
    async (request, reply) => {
      const { email, ...rest } = request.body;
      const result = await registration.register(
        { ...rest, email: email === '' ? undefined : email },
        clientOf(request),
      );
      request.audit = {
        targetType: 'user',
        targetId: result.user.id,
        detail: { organisationId: result.organisation.id, mobile: result.user.mobile },
      };
      for (const cookie of result.setCookies) reply.header('set-cookie', cookie);
      return reply.code(201).send({
        status: 'signed-in' as const,
        user: result.user,
        organisation: result.organisation,
      });
    },
  );
}
