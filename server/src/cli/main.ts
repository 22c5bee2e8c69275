/**
 * The operator's command line: `npm run cli -- <command>` (`tsx server/src/cli/main.ts`).
 * It reads the same configuration as the server (DATA_DIR or DATABASE_URL, …). Each command
 * lives in its own file; this one dispatches and turns errors into messages and exit codes:
 * 0 done, 1 refused or failed, 2 the command line itself was wrong.
 */
import { ConfigError } from '../config.js';
import { DataDirLockedError } from '../db/lock.js';
import { AppError } from '../errors.js';
import { BackupError } from '../modules/backup/backup.format.js';
import { apiClientsCommand } from './api-clients.js';
import { auditCommand } from './audit.js';
import { backupCommand, restoreCommand } from './backup.js';
import { CliError, type Command, UsageError } from './context.js';
import { ledgerCommand } from './ledger.js';
import { organisationsCommand } from './organisations.js';
import { usersCommand } from './users.js';

const COMMANDS: Command[] = [
  organisationsCommand,
  usersCommand,
  auditCommand,
  ledgerCommand,
  apiClientsCommand,
  backupCommand,
  restoreCommand,
];

const HELP = `云券 Yunquan command line

Usage: npm run cli -- <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(15)}${command.summary}`).join('\n')}

Run "npm run cli -- <command> --help" for a command's options.

Configuration comes from the environment, as for the server: DATA_DIR (embedded database,
default ./data) or DATABASE_URL (PostgreSQL), FILE_DIR, FILE_STORAGE.
With the embedded database the server must be stopped while a command runs (the data folder
is locked); with PostgreSQL every command runs alongside the server.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? console.error : console.log)(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"`, '');
  return command.run(rest);
}

function report(error: unknown): number {
  if (error instanceof UsageError) {
    const help = `npm run cli -- ${error.command ? `${error.command} ` : ''}--help`;
    console.error(`error: ${error.message}\nRun "${help}" for usage.`);
    return 2;
  }
  if (error instanceof DataDirLockedError) {
    console.error(
      `error: the data folder ${error.dataDir} is in use by process ${error.pid}, normally the ` +
        'running server. The embedded database opens in one process at a time: stop the ' +
        'server and run the command again. (Embedded backups are taken with the server ' +
        'stopped; on PostgreSQL, with DATABASE_URL set, every command runs live.)',
    );
    return 1;
  }
  if (error instanceof AppError) {
    console.error(`error: ${error.code}: ${error.detail ?? error.message}`);
    return 1;
  }
  if (error instanceof CliError || error instanceof BackupError || error instanceof ConfigError) {
    console.error(`error: ${error.message}`);
    return 1;
  }
  console.error('error: unexpected failure:', error);
  return 1;
}

process.exitCode = await main(process.argv.slice(2)).catch(report);
