/**
 * `users create | reset-password | disable | enable | list`: account administration from the
 * host, for the first administrator and for when nobody can sign in. The rules are
 * UsersService's, as for the web UI; each change is audited with the actor `cli`.
 */
import { loadConfig } from '../config.js';
import type { Database } from '../db/client.js';
import type { Clock } from '../domain/clock.js';
import { isRole, ROLES } from '../domain/permissions.js';
import { normaliseUsername } from '../domain/sign-in.js';
import type { Actor } from '../http/types.js';
import { createAuth } from '../modules/accounts/auth.service.js';
import type { UserRecord } from '../modules/accounts/users.records.js';
import { UsersService } from '../modules/accounts/users.service.js';
import { type AuditEntry, AuditWriter } from '../modules/audit/audit.writer.js';
import {
  CliError,
  type Command,
  changeAudited,
  clockFor,
  commandGroup,
  parseCommandArgs,
  required,
  UsageError,
  withDatabase,
} from './context.js';

/**
 * UsersService.updateUser asks who acts, to stop administrators disabling themselves; the
 * command line is nobody's account, so it acts as a platform administrator of its own.
 */
const CLI_ACTOR: Actor = {
  userId: 'cli',
  username: 'cli',
  name: 'cli',
  role: 'system_admin',
  organisationId: 'cli',
  organisationKind: 'platform',
  sessionId: 'cli',
  totpEnrolmentRequired: false,
};

interface UsersContext {
  users: UsersService;
  audit: AuditWriter;
  clock: Clock;
}

/** Runs `fn` with the account services on the configured database (migrated, as at start). */
export function withUsers<T>(fn: (context: UsersContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const clock = clockFor(config);
  return withDatabase(config, { setUp: true }, async (database: Database) => {
    const audit = new AuditWriter(database, clock);
    const auth = createAuth({ config, clock, database, audit });
    const users = new UsersService({ config, clock, database, auth });
    return fn({ users, audit, clock });
  });
}

/**
 * Runs one change with its audit row in the change's transaction (changeAudited, D-audit-tx-4);
 * refused attempts from the host are in the trail too. The target is a user; a creation notes
 * the new user's id itself (account-creation.ts).
 */
function audited<T>(
  context: UsersContext,
  entry: Pick<AuditEntry, 'action' | 'targetId' | 'detail'>,
  change: () => Promise<T>,
): Promise<T> {
  return changeAudited(context, { ...entry, targetType: 'user' }, change);
}

async function findByUsername(users: UsersService, username: string): Promise<UserRecord> {
  const { items } = await users.listUsers({ q: username, page: 1, pageSize: 200 });
  const user = items.find((item) => item.username === username);
  if (!user) throw new CliError(`No user with the username "${username}".`);
  return user;
}

const create: Command = {
  name: 'users create',
  summary: 'create a staff account',
  help: `Usage: npm run cli -- users create --username <name> --name <full name> --role <role>
                               --organisation <id> [--password <password>]

Creates a department, operator or platform account. Without --password a temporary password
is generated and printed once, to hand to the person, who must change it at first sign-in.
A password given with --password is kept as it is (for the first administrator, who types
their own); it is visible in the shell history and the process list: prefer the generated one.

Roles:
  ${ROLES.join('\n  ')}

Options:
  --username <name>      3-30 letters, digits, ".", "_" or "-", starting with a letter
  --name <full name>     the person's name
  --role <role>          one of the roles above; it must fit the organisation's kind
  --organisation <id>    the organisation's id
  --password <password>  set this password instead (8+ characters, 3 of 4 kinds)`,
  async run(args) {
    const values = parseCommandArgs(this, args, {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      organisation: { type: 'string' },
      password: { type: 'string' },
    });
    if (!values) return 0;
    const username = normaliseUsername(required(values.username, 'username', this.name));
    const name = required(values.name, 'name', this.name);
    const role = required(values.role, 'role', this.name);
    const organisationId = required(values.organisation, 'organisation', this.name);
    if (!isRole(role)) {
      throw new UsageError(`--role must be one of: ${ROLES.join(', ')}`, this.name);
    }
    const password = typeof values.password === 'string' ? values.password : undefined;
    const input = { username, name, role, organisationId };

    const { user, temporaryPassword } = await withUsers((context) =>
      audited(
        context,
        { action: 'users.create', detail: { username, role, organisationId } },
        async () =>
          password
            ? {
                user: await context.users.createAccount({ ...input, password }),
                temporaryPassword: null,
              }
            : await context.users.createUser(input),
      ),
    );
    console.log(
      `created ${user.username} (${user.name}), ${user.role} of ${user.organisation.name}, id ${user.id}`,
    );
    if (temporaryPassword) {
      console.log(`temporary password (shown once): ${temporaryPassword}`);
      console.log('it must be changed at first sign-in');
    }
    return 0;
  },
};

const resetPassword: Command = {
  name: 'users reset-password',
  summary: 'set a new temporary password; ends the sessions and lifts a lockout',
  help: `Usage: npm run cli -- users reset-password --username <name>

Generates a new temporary password and prints it once; the user must change it at the next
sign-in. Every session of the user ends and any sign-in lockout is lifted.`,
  async run(args) {
    const values = parseCommandArgs(this, args, { username: { type: 'string' } });
    if (!values) return 0;
    const username = normaliseUsername(required(values.username, 'username', this.name));
    const { temporaryPassword } = await withUsers(async (context) => {
      const { users } = context;
      const user = await findByUsername(users, username);
      return audited(
        context,
        { action: 'users.reset-password', targetId: user.id, detail: { username } },
        () => users.resetPassword(user.id),
      );
    });
    console.log(`temporary password for ${username} (shown once): ${temporaryPassword}`);
    console.log('it must be changed at the next sign-in');
    return 0;
  },
};

function setDisabled(disabled: boolean): Command {
  const verb = disabled ? 'disable' : 'enable';
  return {
    name: `users ${verb}`,
    summary: disabled ? 'disable an account and end its sessions' : 'enable a disabled account',
    help: `Usage: npm run cli -- users ${verb} --username <name>

${disabled ? 'Disables the account: it can no longer sign in, and every session it has ends at once.' : 'Enables a disabled account again; its password is unchanged.'}`,
    async run(args) {
      const values = parseCommandArgs(this, args, { username: { type: 'string' } });
      if (!values) return 0;
      const username = normaliseUsername(required(values.username, 'username', this.name));
      await withUsers(async (context) => {
        const { users } = context;
        const user = await findByUsername(users, username);
        // The web UI's action name for the same change, so one search finds both.
        await audited(
          context,
          { action: 'users.update', targetId: user.id, detail: { username, disabled } },
          () => users.updateUser(CLI_ACTOR, user.id, { disabled }),
        );
      });
      console.log(`${verb}d ${username}`);
      return 0;
    },
  };
}

const list: Command = {
  name: 'users list',
  summary: 'list every account',
  help: `Usage: npm run cli -- users list

Prints every account, newest first: username, name, role, organisation (id), status.`,
  async run(args) {
    if (!parseCommandArgs(this, args, {})) return 0;
    const all = await withUsers(async ({ users }) => {
      const pageSize = 200;
      const collected: UserRecord[] = [];
      for (let page = 1; ; page++) {
        const { items, total } = await users.listUsers({ page, pageSize });
        collected.push(...items);
        if (items.length < pageSize || collected.length >= total) return collected;
      }
    });
    const rows = all.map((user) => [
      user.username,
      user.name,
      user.role,
      `${user.organisation.name} (${user.organisation.id})`,
      [
        user.disabled ? 'disabled' : 'active',
        user.lockedUntil ? 'locked' : '',
        user.twoFactorEnabled ? 'totp' : '',
        user.passwordChangeRequired ? 'temporary password' : '',
      ]
        .filter(Boolean)
        .join(', '),
    ]);
    const header = ['USERNAME', 'NAME', 'ROLE', 'ORGANISATION', 'STATUS'];
    const widths = header.map((title, i) =>
      Math.max(title.length, ...rows.map((row) => displayWidth(row[i] ?? ''))),
    );
    for (const row of [header, ...rows]) {
      console.log(
        row
          .map((cell, i) => pad(cell, widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      );
    }
    console.log(`${all.length} account(s)`);
    return 0;
  },
};

/** Columns as a terminal shows them: CJK characters take two cells. */
function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += /[\u1100-\uffdc]/.test(character) ? 2 : 1;
  return width;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export const usersCommand = commandGroup(
  'users',
  'staff accounts: create, reset password, disable',
  [create, resetPassword, setDisabled(true), setDisabled(false), list],
);
