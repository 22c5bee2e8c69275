/**
 * What every CLI command shares: its command-line contract, argument parsing, the errors that
 * end a run with a message rather than a stack, and opening the database the way the server
 * does (same config, same PGlite lock).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { type Database, migrateDatabase, openDatabase } from '../db/client.js';
import { runInCommitScope } from '../db/commit-scope.js';
import { type Clock, runningClockFrom, systemClock } from '../domain/clock.js';
import { AppError } from '../errors.js';
import { type AuditNote, outcomeOf, RequestAuditScope } from '../modules/audit/audit.scope.js';
import type { AuditEntry } from '../modules/audit/audit.writer.js';

export interface Command {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  /** Resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

/** A refusal or failure the operator can act on: printed as is, exit code 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line itself is wrong: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * Strict parsing with `--help`/`-h` on every command. Returns null when help was asked for
 * (after printing it), so a command reads `const values = parse…; if (!values) return 0;`.
 */
export function parseCommandArgs(
  command: Pick<Command, 'name' | 'help'>,
  args: string[],
  options: Options,
): Values | null {
  let values: Values;
  try {
    ({ values } = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message, command.name);
  }
  if (values.help) {
    console.log(command.help);
    return null;
  }
  return values;
}

/** A required string option, or a usage error naming it. */
export function required(value: unknown, option: string, command: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new UsageError(`--${option} is required`, command);
  }
  return value;
}

/** The clock the server would use with this config (FAKE_NOW moves it for demos). */
export function clockFor(config: Config): Clock {
  return config.fakeNow ? runningClockFrom(config.fakeNow) : systemClock;
}

/**
 * Opens the configured database for one command and closes it afterwards. `setUp: true`
 * migrates first, as the server does at start (for commands that write); read-only commands
 * refuse an embedded folder that holds no database rather than creating an empty one.
 */
export async function withDatabase<T>(
  config: Config,
  options: { setUp: boolean },
  fn: (database: Database) => Promise<T>,
): Promise<T> {
  if (!config.databaseUrl && !options.setUp) {
    if (!fs.existsSync(path.join(config.dataDir, 'pgdata'))) {
      throw new CliError(
        `No database in ${config.dataDir}. Set DATA_DIR to the server's data folder, ` +
          'or DATABASE_URL for PostgreSQL.',
      );
    }
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 2,
  });
  try {
    if (options.setUp) await migrateDatabase(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** Names a database for messages without printing credentials. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `embedded database in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.host}${url.pathname}`;
}

/**
 * Who an audit row says did it, for changes made from the command line: the actor is `cli`,
 * with no role; the operating-system account and host go into the detail. One request id ties
 * together the rows of one invocation.
 */
const invocationId = randomUUID();

export function cliAuditEntry(
  entry: Pick<AuditEntry, 'action' | 'outcome' | 'targetType' | 'targetId' | 'detail'>,
): AuditEntry {
  return {
    ...entry,
    actorUserId: null,
    actorName: 'cli',
    actorRole: null,
    organisationId: null,
    requestId: invocationId,
    ipAddress: null,
    detail: { osUser: os.userInfo().username, host: os.hostname(), ...entry.detail },
  };
}

/**
 * Runs one change made from the command line with its audit row in the change's own
 * transaction (D-audit-tx-4): `change` runs in an audit scope, like a request, so the first of
 * its transactions that commits something writes the `cli` row before COMMIT, with what the
 * services noted (a new user's id). When nothing was committed the row is appended afterwards
 * (`success`: nothing to change; `failure`: refused, with the error code); a failure after a
 * commit names the committed row (`recordedAs`). Inside, an autocommit write is what the
 * write guard reports.
 */
export async function changeAudited<T>(
  deps: { audit: { append(entry: AuditEntry): Promise<void> }; clock: Clock },
  entry: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'detail'>,
  change: () => Promise<T>,
): Promise<T> {
  const noted: AuditNote = {};
  const build = (status: number | undefined): AuditEntry =>
    cliAuditEntry({
      action: entry.action,
      outcome: status === undefined ? 'success' : outcomeOf(status),
      targetType: noted.targetType ?? entry.targetType ?? null,
      targetId: noted.targetId ?? entry.targetId ?? null,
      detail: { ...entry.detail, ...noted.detail },
    });
  const scope = new RequestAuditScope(
    build,
    (note) => {
      if (note.targetType !== undefined) noted.targetType = note.targetType;
      if (note.targetId !== undefined) noted.targetId = note.targetId;
      if (note.detail) noted.detail = { ...noted.detail, ...note.detail };
    },
    deps.clock,
  );
  let result: T;
  try {
    result = await runInCommitScope(scope, change);
  } catch (error) {
    const code = error instanceof AppError ? error.code : (error as Error).name;
    const failed = build(500);
    failed.outcome = 'failure';
    failed.detail = {
      ...failed.detail,
      error: code,
      ...(scope.recorded ? { recordedAs: scope.recorded.id } : {}),
    };
    await deps.audit.append(failed);
    throw error;
  }
  if (!scope.recorded) await deps.audit.append(build(undefined));
  return result;
}

/** A command made of sub-commands (`users create`, `audit verify`), with its own --help. */
export function commandGroup(name: string, summary: string, commands: Command[]): Command {
  const lines = commands.map(
    (command) => `  ${command.name.slice(name.length + 1).padEnd(16)}${command.summary}`,
  );
  const help = [
    `Usage: npm run cli -- ${name} <command>`,
    '',
    'Commands:',
    ...lines,
    '',
    `Run "npm run cli -- ${name} <command> --help" for details.`,
  ].join('\n');
  return {
    name,
    summary,
    help,
    async run(args) {
      const [sub, ...rest] = args;
      if (sub === '--help' || sub === '-h') {
        console.log(help);
        return 0;
      }
      if (sub === undefined) throw new UsageError(`"${name}" needs a command`, name);
      const command = commands.find((candidate) => candidate.name === `${name} ${sub}`);
      if (!command) throw new UsageError(`unknown command "${name} ${sub}"`, name);
      return command.run(rest);
    },
  };
}
