/**
 * The UI's download budget (issue 10 §4): what a browser fetches before a page can show —
 * the entry (index.html's script, its static imports and CSS) plus the page's own chunk and
 * its static imports — is at most 500 KB as the server sends it (brotli). Code loaded on demand
 * (ECharts, fetched when a chart mounts) does not count. Reads the build's manifest: `npm test`
 * builds web/dist before Vitest runs (scripts/ensure-web-build.mjs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
const BUDGET_BYTES = 500 * 1024;

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  isEntry?: boolean;
  isDynamicEntry?: boolean;
}

function readManifest(): Record<string, ManifestChunk> {
  const file = path.join(WEB_DIST, '.vite/manifest.json');
  if (!fs.existsSync(file)) {
    throw new Error('web/dist/.vite/manifest.json is missing: build the UI first (npm run build)');
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The files a chunk needs before it runs: itself, its static imports, transitively, and their CSS. */
function staticClosure(
  manifest: Record<string, ManifestChunk>,
  key: string,
  files = new Set<string>(),
  seen = new Set<string>(),
) {
  if (seen.has(key)) return files;
  seen.add(key);
  const chunk = manifest[key];
  if (!chunk) throw new Error(`manifest has no chunk ${key}`);
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const imported of chunk.imports ?? []) staticClosure(manifest, imported, files, seen);
  return files;
}

/** Bytes on the wire: the .br the server sends where the build wrote one. */
function sentBytes(file: string): number {
  const full = path.join(WEB_DIST, file);
  return fs.statSync(fs.existsSync(`${full}.br`) ? `${full}.br` : full).size;
}

describe('the UI download budget', () => {
  const manifest = readManifest();
  const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  const pages = Object.keys(manifest).filter(
    (key) => manifest[key]?.isDynamicEntry && key.startsWith('src/pages/'),
  );

  it('has an entry and a chunk per page', () => {
    expect(entryKey).toBeDefined();
    expect(pages.length).toBeGreaterThan(10);
  });

  it.each(pages)('%s: entry + page ≤ 500 KB compressed', (page) => {
    const files = staticClosure(manifest, entryKey as string);
    staticClosure(manifest, page, files);
    const total = [...files].reduce((sum, file) => sum + sentBytes(file), 0);
    expect(total, `${page}: ${Math.round(total / 1024)} KB`).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('keeps the chart library out of every page’s initial download', () => {
    for (const page of pages) {
      const files = staticClosure(manifest, entryKey as string);
      staticClosure(manifest, page, files);
      const echarts = [...files].filter((file) => /echarts-runtime/.test(file));
      expect(echarts, page).toEqual([]);
    }
  });
});
