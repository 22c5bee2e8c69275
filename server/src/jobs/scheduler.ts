/**
 * In-process scheduled jobs (croner). Each due run is claimed by inserting (job, slot) into
 * job_runs; only the instance whose insert succeeds runs it, so several instances on one
 * PostgreSQL never run a job twice. Jobs must themselves be idempotent and catch up on
 * whatever they missed while the platform was down (they work from the clock, not from
 * the schedule).
 */
import { Cron } from 'croner';
import type { Services } from '../services.js';
import { jobDefinitions } from './definitions.js';

export interface JobDefinition {
  name: string;
  /** Cron pattern, evaluated in the business time zone. */
  pattern: string;
  run(services: Services): Promise<string | undefined>;
}

export interface RunningJobs {
  stop(): void;
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
    outcome = (await job.run(services)) ?? 'ok';
  } catch (error) {
    outcome = `error: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
  }
  await raw.query(
    'UPDATE job_runs SET finished_at = $3, outcome = $4 WHERE job = $1 AND slot = $2',
    [job.name, slot, services.clock.now().toISOString(), outcome],
  );
  return true;
}

export function startJobs(services: Services, jobs: JobDefinition[] = jobDefinitions): RunningJobs {
  const timeZone = 'Asia/Shanghai';
  const crons = jobs.map(
    (job) =>
      new Cron(job.pattern, { timezone: timeZone, protect: true }, async (self: Cron) => {
        const slot = (self.currentRun() ?? new Date()).toISOString();
        await runJobSlot(services, job, slot);
      }),
  );
  // Catch up at start: every job looks at the clock, so one run now covers any downtime.
  for (const job of jobs) {
    void runJobSlot(services, job, `startup:${services.clock.now().toISOString()}`);
  }
  return {
    stop() {
      for (const cron of crons) cron.stop();
    },
  };
}
