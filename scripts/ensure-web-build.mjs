// Builds the web UI when web/dist is missing or older than any source file, so `npm start`
// on a fresh clone serves the UI without a separate build step, and restarts stay fast.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'web/dist/index.html');
const sources = [path.join(root, 'web'), path.join(root, 'package-lock.json')];

function newestMtime(entry) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) {
    if (name === 'dist' || name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

const force = process.argv.includes('--force');
const stale =
  force ||
  !fs.existsSync(built) ||
  sources.some((s) => fs.existsSync(s) && newestMtime(s) > fs.statSync(built).mtimeMs);

if (stale) {
  // Vite lists every file it writes (hundreds of font subsets): show progress and the outcome,
  // not the file list. Warnings and errors still come through.
  console.log('[yunquan] building the web UI (vite build, about a minute)…');
  const started = Date.now();
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  console.log(`[yunquan] web UI built in ${Math.round((Date.now() - started) / 1000)} s`);
}
