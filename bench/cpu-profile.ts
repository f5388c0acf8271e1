// Sums a .cpuprofile's self time per function and per file, largest first: where the time went.
//   npx tsx bench/cpu-profile.ts DIR/index.cpuprofile [N]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [path, top = '30'] = process.argv.slice(2);
if (!path) throw new Error('usage: npx tsx bench/cpu-profile.ts FILE.cpuprofile [N]');
const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
let total = 0;
const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  const cf = byId.get(id)!.callFrame;
  // Paths from the repository (or node_modules) on: short, and the same in every checkout.
  const file = cf.url.replace(/^.*?\/(src|bench|node_modules)\//, '$1/') || '(native)';
  total += us;
  add(byFunction, `${cf.functionName || '(anonymous)'}  ${file}`, us);
  add(byFile, file, us);
});
const table = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
console.log(
  `${(total / 1e6).toFixed(1)} s sampled\n\nself time by function:\n${table(byFunction, Number(top))}\n\nself time by file:\n${table(byFile, 20)}`,
);
