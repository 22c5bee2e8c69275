/**
 * In-process scheduled jobs (croner). Each due run is claimed by inserting (job, slot) into
 * job_runs; only the instance whose insert succeeds runs it, so several instances on one
 * PostgreSQL never run a job twice. Jobs must themselves be idempotent and catch up on
 * whatever they missed while the platform was down (they work from the clock, not from
 * the schedule).
 *
 * Each run is audited from the inside: it runs in an audit scope, so every transaction of the
 * job that changes something writes the job's audit row before it commits (D-audit-tx-1).
 * The audit sealer runs here too, every couple of seconds, one instance at a time.
 */
import { Cron } from 'croner';
import { isDatabaseUnavailable, unavailabilityReason } from '../db/availability.js';
import { JobAuditScope, runAudited } from '../modules/audit/audit.scope.js';
import { startSealing } from '../modules/audit/audit.sealer.js';
import type { Services } from '../services.js';
import { jobDefinitions } from './definitions.js';

export interface JobDefinition {
  name: string;
  /** Cron pattern, evaluated in the business time zone. */
  pattern: string;
  /**
   * The audit action of what the job commits (named in web/src/locales/…/auditActions.ts);
   * default `job.run`, with the job's name in the row's detail.
   */
  audit?: string;
  run(services: Services): Promise<string | undefined>;
}

export interface RunningJobs {
  /** Starts no new run and resolves when the runs in progress have finished. */
  stop(): Promise<void>;
}

/** Claims and runs one slot of a job; returns false when another instance already has it. */
export async function runJobSlot(
  services: Services,
  job: JobDefinition,
  slot: string,
): Promise<boolean> {
  const { raw } = services.database;
  const claimed = await raw.query(
    `INSERT INTO job_runs (job, slot, started_at) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING job`,
    [job.name, slot, services.clock.now().toISOString()],
  );
  if (claimed.length === 0) return false;
  let outcome: string;
  try {
    const scope = new JobAuditScope(job.audit ?? 'job.run', job.name, services.clock);
    outcome = (await runAudited(scope, () => job.run(services))) ?? 'ok';
  } catch (error) {
    outcome = `error: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
  }
  await raw.query(
    'UPDATE job_runs SET finished_at = $3, outcome = $4 WHERE job = $1 AND slot = $2',
    [job.name, slot, services.clock.now().toISOString(), outcome],
  );
  return true;
}

/** Where the scheduler reports a run that could not happen (the app's logger in main.ts). */
export interface JobLog {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

const consoleJobLog: JobLog = {
  warn: (object, message) => console.warn(message, object),
  error: (object, message) => console.error(message, object),
};

/** Start-up catch-up retries while the database is away: 5 s, 10 s, … at most 5 minutes apart. */
const CATCH_UP_FIRST_DELAY_MS = 5_000;
const CATCH_UP_MAX_DELAY_MS = 300_000;

export function startJobs(
  services: Services,
  jobs: JobDefinition[] = jobDefinitions,
  log: JobLog = consoleJobLog,
  options: { sealEveryMs?: number } = {},
): RunningJobs {
  const timeZone = 'Asia/Shanghai';
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<boolean>>();
  // A slot that cannot be claimed or recorded because the database is away is not a crash
  // and not a reason to spin: it is logged, and the next tick (every job works from the
  // clock) catches up on whatever this one would have done (D-db-survival-1).
  const attempt = (job: JobDefinition, slot: string): Promise<boolean> => {
    if (stopped) return Promise.resolve(false);
    const run = attemptOnce(job, slot).finally(() => inFlight.delete(run));
    inFlight.add(run);
    return run;
  };
  const attemptOnce = async (job: JobDefinition, slot: string): Promise<boolean> => {
    try {
      await runJobSlot(services, job, slot);
      return true;
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        log.warn(
          { job: job.name, slot, reason: unavailabilityReason(error) },
          'job skipped: database unavailable; the next run catches up',
        );
      } else {
        log.error({ job: job.name, slot, err: error }, 'job failed');
      }
      return false;
    }
  };
  const crons = jobs.map(
    (job) =>
      new Cron(job.pattern, { timezone: timeZone, protect: true }, async (self: Cron) => {
        const slot = (self.currentRun() ?? new Date()).toISOString();
        await attempt(job, slot);
      }),
  );
  // Catch up at start: every job looks at the clock, so one run now covers any downtime.
  // If the database is away at start, try again with a growing delay rather than wait for
  // a daily job's next tick.
  const catchUp = async (job: JobDefinition, delayMs: number) => {
    if (stopped) return;
    if (await attempt(job, `startup:${services.clock.now().toISOString()}`)) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void catchUp(job, Math.min(delayMs * 2, CATCH_UP_MAX_DELAY_MS));
    }, delayMs);
    timer.unref();
    timers.add(timer);
  };
  for (const job of jobs) void catchUp(job, CATCH_UP_FIRST_DELAY_MS);
  // "Shortly after": the audit rows committed since the last run get their place in the chain.
  // (Test doubles of Services may carry no sealer.)
  const sealer = services.auditSealer as Services['auditSealer'] | undefined;
  const sealing = sealer
    ? startSealing(sealer, {
        everyMs: options.sealEveryMs,
        onError: (error) => {
          if (isDatabaseUnavailable(error)) return; // the next tick catches up
          log.error({ err: error }, 'audit sealing failed; retried at the next tick');
        },
      })
    : null;
  return {
    async stop() {
      stopped = true;
      await sealing?.stop();
      for (const cron of crons) cron.stop();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
