/**
 * Sign-in and sessions, one's own account, and user administration. Each handler parses,
 * leaves authorisation to `config.access`, calls a service and presents the result.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLE_PERMISSIONS } from '../../domain/permissions.js';
import { actorOf } from '../../http/access.js';
import { noContent } from '../../http/api-contract.js';
import type { Services } from '../../services.js';
import {
  changePasswordBody,
  createdUserResponse,
  createUserBody,
  idParams,
  meResponse,
  organisationsResponse,
  passwordBody,
  presentOrganisation,
  presentProfile,
  presentSession,
  presentUser,
  sessionsResponse,
  signedInResponse,
  signInBody,
  signInResponse,
  temporaryPasswordResponse,
  totpConfirmBody,
  totpEnrolmentResponse,
  totpSignInBody,
  updateUserBody,
  userResponse,
  userSearchQuery,
  usersResponse,
} from './accounts.schemas.js';
import type { ClientInfo } from './auth.service.js';

/** Per client address: enough for people mistyping, too few for guessing passwords. */
const SIGN_IN_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };

function clientOf(request: FastifyRequest): ClientInfo {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    requestId: String(request.id),
    cookieHeader: request.headers.cookie,
  };
}

function sendCookies(reply: FastifyReply, setCookies: string[]): void {
  for (const cookie of setCookies) reply.header('set-cookie', cookie);
}

export function registerAccountRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { auth, users } = services;

  // ── Session ──────────────────────────────────────────────────────────────────────────────

  api.post(
    '/session/sign-in',
    {
      // The service audits every attempt itself, with the username tried.
      config: { access: 'public', audit: false, rateLimit: SIGN_IN_RATE_LIMIT },
      schema: {
        tags: ['session'],
        summary: 'Sign in with a username (or mobile number) and password',
        body: signInBody,
        response: { 200: signInResponse },
      },
    },
    async (request, reply) => {
      const result = await auth.signIn.withPassword(request.body, clientOf(request));
      sendCookies(reply, result.setCookies);
      return { status: result.status };
    },
  );

  api.post(
    '/session/totp',
    {
      config: { access: 'public', audit: false, rateLimit: SIGN_IN_RATE_LIMIT },
      schema: {
        tags: ['session'],
        summary: 'Complete a sign-in with an authenticator code or a backup code',
        body: totpSignInBody,
        response: { 200: signedInResponse },
      },
    },
    async (request, reply) => {
      const result = await auth.signIn.withTotp(request.body.code, clientOf(request));
      sendCookies(reply, result.setCookies);
      return { status: 'signed-in' as const };
    },
  );

  // Whether this browser has a session, answered 200 either way: the UI asks before it asks
  // who the user is, so a visitor who has not signed in sees no failed request (no 401 in the
  // console) — only the pages that need a session go to the sign-in page.
  api.get(
    '/session/state',
    {
      config: { access: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Whether the caller is signed in, signed out, or holds an expired session',
        response: {
          200: z.object({ state: z.enum(['signed-in', 'signed-out', 'expired']) }),
        },
      },
    },
    async (request) => {
      const resolved = await auth.sessions.resolve(request);
      if (resolved === null) return { state: 'signed-out' as const };
      return { state: 'expired' in resolved ? ('expired' as const) : ('signed-in' as const) };
    },
  );

  api.post(
    '/session/sign-out',
    {
      // Public, so that signing out always works and always clears the cookie, even after
      // the session has timed out.
      config: { access: 'public', audit: false },
      schema: {
        tags: ['session'],
        summary: 'Sign out: the session ends on the server',
        response: noContent,
      },
    },
    async (request, reply) => {
      const result = await auth.signIn.signOut(clientOf(request));
      sendCookies(reply, result.setCookies);
      return reply.code(204).send();
    },
  );

  // ── One's own account ────────────────────────────────────────────────────────────────────

  api.get(
    '/me',
    {
      config: {
        access: 'account.self',
        allowDuringTotpEnrolment: true,
        allowDuringPasswordChange: true,
      },
      schema: {
        tags: ['account'],
        summary: 'The signed-in user and their permissions',
        response: { 200: meResponse },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return presentProfile(await users.profileOf(actor), ROLE_PERMISSIONS[actor.role]);
    },
  );

  api.post(
    '/account/password',
    {
      config: {
        access: 'account.self',
        audit: 'account.password-change',
        allowDuringPasswordChange: true,
      },
      schema: {
        tags: ['account'],
        summary:
          'Change one’s own password (also a temporary one, which must be changed); other sessions end',
        body: changePasswordBody,
        response: noContent,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      request.audit = { targetType: 'user', targetId: actor.userId };
      await users.changeOwnPassword(actor, request.body.currentPassword, request.body.newPassword);
      return reply.code(204).send();
    },
  );

  api.get(
    '/account/sessions',
    {
      config: { access: 'account.self' },
      schema: {
        tags: ['account'],
        summary: 'One’s own live sessions',
        response: { 200: sessionsResponse },
      },
    },
    async (request) => {
      const sessions = await auth.sessions.list(actorOf(request));
      return { items: sessions.map(presentSession) };
    },
  );

  api.delete(
    '/account/sessions/:id',
    {
      config: { access: 'account.self', audit: 'account.session-revoke' },
      schema: {
        tags: ['account'],
        summary: 'End one of one’s own sessions',
        params: idParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      request.audit = { targetType: 'session', targetId: request.params.id };
      await auth.sessions.revoke(actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  api.post(
    '/account/totp/enrol',
    {
      config: {
        access: 'account.self',
        audit: 'account.totp-enrol',
        allowDuringTotpEnrolment: true,
      },
      schema: {
        tags: ['account'],
        summary: 'Start enrolling an authenticator: a new secret and backup codes',
        body: passwordBody,
        response: { 200: totpEnrolmentResponse },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      request.audit = { targetType: 'user', targetId: actor.userId };
      return auth.totp.startEnrolment(actor, request.body.password, clientOf(request));
    },
  );

  api.post(
    '/account/totp/confirm',
    {
      config: {
        access: 'account.self',
        audit: 'account.totp-confirm',
        allowDuringTotpEnrolment: true,
      },
      schema: {
        tags: ['account'],
        summary: 'Confirm the enrolment with a first code; the second factor is then on',
        body: totpConfirmBody,
        response: noContent,
      },
    },
    async (request, reply) => {
      request.audit = { targetType: 'user', targetId: actorOf(request).userId };
      const result = await auth.totp.confirmEnrolment(request.body.code, clientOf(request));
      sendCookies(reply, result.setCookies);
      return reply.code(204).send();
    },
  );

  api.post(
    '/account/totp/disable',
    {
      config: { access: 'account.self', audit: 'account.totp-disable' },
      schema: {
        tags: ['account'],
        summary: 'Turn the second factor off (refused where the role requires it)',
        body: passwordBody,
        response: noContent,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      request.audit = { targetType: 'user', targetId: actor.userId };
      const result = await auth.totp.disable(actor, request.body.password, clientOf(request));
      sendCookies(reply, result.setCookies);
      return reply.code(204).send();
    },
  );

  // ── User administration ──────────────────────────────────────────────────────────────────

  api.get(
    '/admin/organisations',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Organisations whose staff administrators manage',
        response: { 200: organisationsResponse },
      },
    },
    async () => ({ items: (await users.listOrganisations()).map(presentOrganisation) }),
  );

  api.get(
    '/admin/users',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Search users by name, username or mobile; newest first',
        querystring: userSearchQuery,
        response: { 200: usersResponse },
      },
    },
    async (request) => {
      const { items, total } = await users.listUsers(request.query);
      return { items: items.map(presentUser), total };
    },
  );

  api.post(
    '/admin/users',
    {
      config: { access: 'users.manage', audit: 'users.create' },
      schema: {
        tags: ['admin'],
        summary:
          'Create a staff account; the temporary password is shown once and must be changed at first sign-in',
        body: createUserBody,
        response: { 201: createdUserResponse },
      },
    },
    async (request, reply) => {
      // Known before the commit, so in the audit row that commits with the account (the
      // service notes the new user's id there, D-audit-tx-1).
      const { username, role, organisationId } = request.body;
      request.audit = { targetType: 'user', detail: { username, role, organisationId } };
      const { user, temporaryPassword } = await users.createUser(request.body);
      return reply.code(201).send({ user: presentUser(user), temporaryPassword });
    },
  );

  api.patch(
    '/admin/users/:id',
    {
      config: { access: 'users.manage', audit: 'users.update' },
      schema: {
        tags: ['admin'],
        summary: 'Rename, change the role, disable (ends their sessions) or re-enable a user',
        params: idParams,
        body: updateUserBody,
        response: { 200: userResponse },
      },
    },
    async (request) => {
      request.audit = { targetType: 'user', targetId: request.params.id, detail: request.body };
      const user = await users.updateUser(actorOf(request), request.params.id, request.body);
      return { user: presentUser(user) };
    },
  );

  api.post(
    '/admin/users/:id/reset-password',
    {
      config: { access: 'users.manage', audit: 'users.reset-password' },
      schema: {
        tags: ['admin'],
        summary:
          'Set a temporary password (shown once, to be changed at the next sign-in); the user’s sessions end',
        params: idParams,
        response: { 200: temporaryPasswordResponse },
      },
    },
    async (request) => {
      request.audit = { targetType: 'user', targetId: request.params.id };
      return users.resetPassword(request.params.id);
    },
  );

  api.post(
    '/admin/users/:id/unlock',
    {
      config: { access: 'users.manage', audit: 'users.unlock' },
      schema: {
        tags: ['admin'],
        summary: 'Lift a lockout after failed sign-ins',
        params: idParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      request.audit = { targetType: 'user', targetId: request.params.id };
      await users.unlock(request.params.id);
      return reply.code(204).send();
    },
  );
}
