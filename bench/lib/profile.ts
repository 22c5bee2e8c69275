/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went inside a window:
 * self time by package or source file, and the top functions. Samples outside the window
 * (start-up, demo seed, other phases) are left out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../e2e/support/server.js';
import { round } from './stats.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  windowSeconds: number;
  sampledMs: number;
  byArea: Array<{ area: string; ms: number; share: string }>;
  topFunctions: Array<{ fn: string; where: string; ms: number; share: string }>;
}

function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = file.slice(modules + '/node_modules/'.length).split('/');
    return `npm:${parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  if (file.startsWith('node:')) return `node:${file.slice(5).split('/')[1] ?? file.slice(5)}`;
  if (file.startsWith(ROOT)) return path.relative(ROOT, file);
  return file;
}

/** `window` in ms before the profile's end: [endMs - from, endMs - to]. */
export function summariseProfile(
  file: string,
  window?: { fromMsBeforeEnd: number; toMsBeforeEnd: number },
): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const lo = window ? profile.endTime - window.fromMsBeforeEnd * 1000 : profile.startTime;
  const hi = window ? profile.endTime - window.toMsBeforeEnd * 1000 : profile.endTime;
  const selfByNode = new Map<number, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < lo || t > hi) continue;
    // Each sample stands for the interval until the next one.
    const next = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i] as number;
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + next);
    total += next;
  }
  const areas = new Map<string, number>();
  const fns = new Map<string, { where: string; us: number }>();
  for (const [id, us] of selfByNode) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName || '(anonymous)');
    areas.set(area, (areas.get(area) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${area}:${lineNumber + 1}`;
    const entry = fns.get(key) ?? { where: `${area}:${lineNumber + 1}`, us: 0 };
    entry.us += us;
    fns.set(key, entry);
  }
  const share = (us: number) => `${((us / Math.max(1, total)) * 100).toFixed(1)}%`;
  return {
    windowSeconds: round((hi - lo) / 1e6, 1),
    sampledMs: round(total / 1000, 0),
    byArea: [...areas.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([area, us]) => ({ area, ms: round(us / 1000, 0), share: share(us) })),
    topFunctions: [...fns.entries()]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, 25)
      .map(([key, { where, us }]) => ({
        fn: key.split(' ')[0] ?? key,
        where,
        ms: round(us / 1000, 0),
        share: share(us),
      })),
  };
}
