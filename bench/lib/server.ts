/**
 * Starts the real server (`node --import tsx server/src/main.ts`) as a child process, like
 * e2e/support/server.ts, but also gives its pid (for CPU accounting and kill -9) and accepts
 * extra Node flags (--cpu-prof cannot be passed through NODE_OPTIONS).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, ROOT } from '../../e2e/support/server.js';
import { onCleanup } from './cleanup.js';

export interface BenchServer {
  url: string;
  pid: number;
  dataDir: string;
  output(): string;
  /** Stops the process with `signal` (SIGTERM: graceful) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  exited(): boolean;
}

export async function startBenchServer(options: {
  env?: Record<string, string>;
  dataDir?: string;
  nodeArgs?: string[];
  /** The checkout to run (default: this one); e.g. a baseline commit's tree. */
  root?: string;
}): Promise<BenchServer> {
  const root = options.root ?? ROOT;
  const port = await freePort();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'yq-bench-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    BETTER_AUTH_TELEMETRY: '0',
    ...options.env,
  };
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(root, 'server/src/main.ts')],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exitedPromise;
  };
  onCleanup(() => stop('SIGKILL'));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop('SIGKILL');
      throw new Error(`server did not start within 120 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid as number,
    dataDir,
    output: () => output,
    stop,
    exited: () => child.exitCode !== null || child.signalCode !== null,
  };
}
