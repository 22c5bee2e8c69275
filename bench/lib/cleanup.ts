/**
 * Cleanups registered by the helpers (stop the server we started, drop the database we
 * created) run at the end of a run and on Ctrl-C / SIGTERM, newest first.
 */
const cleanups: Array<() => Promise<void> | void> = [];
let installed = false;

export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void runCleanups().finally(() => process.exit(130));
    });
  }
}

export async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop();
    try {
      await fn?.();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
}
