/**
 * What one round trip to PostgreSQL costs on this machine, from Node (node-postgres, as the
 * server sends statements: unnamed, and named/prepared) and from C (pgbench/libpq): wall
 * time and client CPU per trip, one connection, sequential. The deduction route makes six
 * (BEGIN, four statements, COMMIT) where the pgbench reference makes five.
 *
 *   node --import tsx bench/round-trip.ts [--count 20000]
 */
import pg from 'pg';
import { commandLine, flags, intFlag } from './lib/args.js';
import { runCleanups } from './lib/cleanup.js';
import { cpuSnapshot } from './lib/cpu.js';
import { SERVER_URL } from './lib/database.js';
import { describeMachine, machineInfo } from './lib/machine.js';
import { runPgbench } from './lib/pgbench.js';
import { writeResults } from './lib/results.js';
import { round } from './lib/stats.js';

const args = flags({ count: { type: 'string', default: '20000' } });
const COUNT = intFlag(args.count, 20_000);

async function nodePostgres(named: boolean) {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  const query = (i: number) =>
    named
      ? client.query({ name: 'rt', text: 'SELECT $1::int AS v', values: [i] })
      : client.query('SELECT $1::int AS v', [i]);
  for (let i = 0; i < 1000; i++) await query(i);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < COUNT; i++) await query(i);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await client.end();
  return {
    client: `node-postgres, ${named ? 'named (prepared)' : 'unnamed'}`,
    wallMicros: round((wall * 1000) / COUNT, 1),
    clientCpuMicros: round((cpu.user + cpu.system) / COUNT, 1),
  };
}

async function main() {
  const machine = machineInfo(SERVER_URL);
  console.log(describeMachine(machine));
  const rows = [await nodePostgres(false), await nodePostgres(true)];
  for (const protocol of ['extended', 'prepared'] as const) {
    const before = cpuSnapshot();
    const result = await runPgbench({
      url: SERVER_URL,
      script: 'SELECT :x::int AS v;\n',
      clients: 1,
      threads: 1,
      durationS: 5,
      protocol,
      defines: { x: 1 },
    });
    // pgbench's own CPU: this process's waited-for children.
    const pgbenchSeconds = cpuSnapshot().children - before.children;
    rows.push({
      client: `pgbench (libpq), ${protocol}`,
      wallMicros: round(1e6 / result.tps, 1),
      clientCpuMicros: round((pgbenchSeconds * 1e6) / Math.max(1, result.transactions), 1),
    });
  }
  for (const r of rows)
    console.log(
      `  ${r.client.padEnd(34)} ${String(r.wallMicros).padStart(6)} µs a round trip, ${r.clientCpuMicros} µs client CPU`,
    );
  const [unnamed, , libpq] = rows;
  console.log(
    `\n==> one round trip: node-postgres ${unnamed?.wallMicros} µs (${unnamed?.clientCpuMicros} µs CPU), libpq ${libpq?.wallMicros} µs (${libpq?.clientCpuMicros} µs CPU)`,
  );
  writeResults('round-trip', {
    command: commandLine(),
    machine,
    tables: [
      {
        title: 'One round trip, one connection, sequential',
        columns: ['client', 'µs a round trip (wall)', 'µs client CPU'],
        rows: rows.map((r) => [r.client, r.wallMicros, r.clientCpuMicros]),
      },
    ],
  });
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => runCleanups());
