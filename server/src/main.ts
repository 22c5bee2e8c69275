/**
 * Start-up: config → clock → database → migrate → demo seed → app → jobs → listen.
 * Any failure before listening prints one clear message and exits non-zero.
 */
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { isDatabaseUnavailable, unavailabilityReason } from './db/availability.js';
import { migrateDatabase, openDatabase } from './db/client.js';
import { DataDirLockedError } from './db/lock.js';
import { runningClockFrom, systemClock } from './domain/clock.js';
import { startJobs } from './jobs/scheduler.js';
import { seedDemoIfEmpty } from './seed/demo.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const clock = config.fakeNow ? runningClockFrom(config.fakeNow) : systemClock;
  if (config.isProduction && !config.databaseUrl) {
    console.warn(
      '[yunquan] WARNING: production on the embedded database (ALLOW_EMBEDDED_IN_PRODUCTION=true). ' +
        'It runs without fsync: a power loss can lose committed data. Use PostgreSQL for real operation.',
    );
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    timeouts: config.databaseTimeouts,
  });
  await migrateDatabase(database);
  const app = await buildApp({ config, clock, database });
  // A package build left running by a stopped process will never finish: say so on its row.
  await app.services.redemptionPackage.markInterrupted();
  const seeded = config.demo ? await seedDemoIfEmpty(app.services) : null;
  // Fresh statistics after a bulk seed: otherwise foreign-key checks are planned as
  // sequential scans until autovacuum's next ANALYZE (measured: 13x slower batches).
  if (seeded) await database.raw.query('ANALYZE');
  const jobs = config.jobs ? startJobs(app.services, undefined, app.log) : null;

  // The last line of defence (D-db-survival-1): a database fault that escaped every handler
  // (a connection event nobody awaited) is logged and the server carries on — the database
  // coming back is the cure, not a restart. Anything else is a programmer error: logged in
  // full and the process exits, as Node would, so a supervisor restarts it from a clean state.
  const lastResort = (kind: string) => (error: unknown) => {
    if (isDatabaseUnavailable(error)) {
      app.log.error(
        { reason: unavailabilityReason(error) },
        `database unavailable (${kind}); the server keeps running`,
      );
      return;
    }
    app.log.fatal({ err: error }, `${kind}: exiting`);
    process.exit(1);
  };
  process.on('uncaughtException', lastResort('uncaught exception'));
  process.on('unhandledRejection', lastResort('unhandled rejection'));

  // SIGTERM (a service manager stopping us) or Ctrl-C: stop accepting connections, let the
  // requests and job runs in progress finish, close the database (releasing the embedded
  // database's lock), and exit — within SHUTDOWN_DEADLINE_MS, or exit 1 saying what hung.
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    app.log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      app.log.error(`shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s: exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    try {
      await app.close();
      await jobs?.stop();
      await database.close();
    } catch (error) {
      app.log.error({ err: error }, 'error while shutting down');
      process.exit(1);
    }
    clearTimeout(deadline);
    app.log.info('shut down');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const url = config.publicUrl;
  const lines = [
    '',
    `  云券 Yunquan is running at ${url}`,
    `  database: ${database.kind === 'pglite' ? `embedded (${config.dataDir})` : 'PostgreSQL'}`,
  ];
  if (config.fakeNow) lines.push(`  clock: started at ${config.fakeNow.toISOString()} (FAKE_NOW)`);
  if (seeded) lines.push('', ...seeded.summary);
  console.log(`${lines.join('\n')}\n`);
}

/** A supervisor (systemd's default TimeoutStopSec is 90 s) should never need to kill us. */
const SHUTDOWN_DEADLINE_MS = 10_000;

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(`[yunquan] ${error.message}`);
  } else {
    console.error('[yunquan] start-up failed:', error);
  }
  process.exit(1);
});
