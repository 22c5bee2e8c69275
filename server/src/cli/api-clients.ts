/**
 * `api-clients create | list | disable | enable | rotate`: the operator's open-API clients
 * from the command line (the operator administrator does the same in the UI). Secrets are
 * printed once, on create and rotate.
 */
import { loadConfig } from '../config.js';
import type { Clock } from '../domain/clock.js';
import { SecretBox } from '../lib/secret-box.js';
import { AuditWriter } from '../modules/audit/audit.writer.js';
import { ApiClientsService } from '../modules/open-api/api-clients.service.js';
import {
  CliError,
  type Command,
  changeAudited,
  clockFor,
  commandGroup,
  parseCommandArgs,
  required,
  withDatabase,
} from './context.js';

async function withClients<T>(
  fn: (clients: ApiClientsService, audit: AuditWriter, clock: Clock) => Promise<T>,
  setUp = true,
): Promise<T> {
  const config = loadConfig();
  const clock = clockFor(config);
  return withDatabase(config, { setUp }, async (database) => {
    const audit = new AuditWriter(database, clock);
    const result = await fn(
      new ApiClientsService(database, clock, new SecretBox(config.dataEncryptionKey)),
      audit,
      clock,
    );
    await audit.drain();
    return result;
  });
}

/** The operator organisation: given, or the only one there is. */
async function operatorId(clients: ApiClientsService, given: unknown): Promise<string> {
  if (typeof given === 'string' && given !== '') return given;
  const operators = await clients.operators();
  if (operators.length === 1) return operators[0]?.id as string;
  throw new CliError(
    `--operator is required: ${operators.length === 0 ? 'no operator organisation exists' : `choose one of ${operators.map((o) => `${o.id} (${o.name})`).join(', ')}`}`,
  );
}

const create: Command = {
  name: 'api-clients create',
  summary: 'create a client; prints its key id and secret once',
  help: `Usage: npm run cli -- api-clients create --name <name> [--operator <organisation id>]

Creates an open-API client for the operator's billing system and prints its key id and
secret. The secret is shown only now: store it in the billing system.`,
  async run(args) {
    const values = parseCommandArgs(this, args, {
      name: { type: 'string' },
      operator: { type: 'string' },
    });
    if (!values) return 0;
    const name = required(values.name, 'name', this.name);
    return withClients(async (clients, audit, clock) => {
      const operator = await operatorId(clients, values.operator);
      // The row commits with the client (changeAudited, D-audit-tx-4).
      const { client, secret } = await changeAudited(
        { audit, clock },
        { action: 'api-clients.create', targetType: 'api-client' },
        () => clients.create({ operatorId: operator, name, createdBy: 'cli' }),
      );
      console.log(`key id: ${client.keyId}\nsecret: ${secret}\n(the secret is not shown again)`);
      return 0;
    });
  },
};

const list: Command = {
  name: 'api-clients list',
  summary: "list an operator's clients",
  help: 'Usage: npm run cli -- api-clients list [--operator <organisation id>]',
  async run(args) {
    const values = parseCommandArgs(this, args, { operator: { type: 'string' } });
    if (!values) return 0;
    return withClients(async (clients) => {
      for (const c of await clients.list(await operatorId(clients, values.operator))) {
        console.log(`${c.keyId}\t${c.status}\t${c.createdAt.toISOString()}\t${c.name}`);
      }
      return 0;
    }, false);
  },
};

function byKeyId(
  action: 'disable' | 'enable' | 'rotate',
  summary: string,
  apply: (clients: ApiClientsService, operator: string, id: string) => Promise<string | null>,
): Command {
  return {
    name: `api-clients ${action}`,
    summary,
    help: `Usage: npm run cli -- api-clients ${action} --key-id <key id>`,
    async run(args) {
      const values = parseCommandArgs(this, args, { 'key-id': { type: 'string' } });
      if (!values) return 0;
      const keyId = required(values['key-id'], 'key-id', this.name);
      return withClients(async (clients, audit, clock) => {
        const found = await clients.byKeyId(keyId);
        if (!found) throw new CliError(`no API client has key id ${keyId}`);
        const secret = await changeAudited(
          { audit, clock },
          { action: `api-clients.${action}`, targetType: 'api-client', targetId: keyId },
          () => apply(clients, found.operatorId, found.id),
        );
        console.log(
          secret
            ? `new secret: ${secret}\n(the old secret no longer works)`
            : `${keyId}: ${action}d`,
        );
        return 0;
      });
    },
  };
}

export const apiClientsCommand = commandGroup(
  'api-clients',
  "operator billing system's API clients",
  [
    create,
    list,
    byKeyId('disable', 'disable a client (its calls get 401)', async (c, op, id) => {
      await c.setStatus(op, id, 'disabled');
      return null;
    }),
    byKeyId('enable', 'enable a disabled client again', async (c, op, id) => {
      await c.setStatus(op, id, 'active');
      return null;
    }),
    byKeyId(
      'rotate',
      'replace the secret; prints the new one once',
      async (c, op, id) => (await c.rotate(op, id)).secret,
    ),
  ],
);
