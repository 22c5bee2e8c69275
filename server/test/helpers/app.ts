/** Builds the real app on a fresh database with a manual clock, for integration tests. */
import os from 'node:os';
import path from 'node:path';
import { type App, buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_START = '2026-03-02T02:00:00.000Z';

export interface TestApp {
  app: App;
  clock: ManualClock;
  config: Config;
  db: TestDatabase;
  close(): Promise<void>;
}

export async function createTestApp(
  options: {
    env?: Record<string, string>;
    clock?: ManualClock;
    observeHandlers?: (route: { method: string; url: string }) => void;
  } = {},
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: path.join(os.tmpdir(), `yunquan-test-${process.pid}`),
    ...options.env,
  });
  const clock = options.clock ?? new ManualClock(TEST_START);
  const db = await createTestDatabase();
  const app = await buildApp({
    config,
    clock,
    database: db.database,
    logger: false,
    observeHandlers: options.observeHandlers,
  });
  await app.ready();
  return {
    app,
    clock,
    config,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
