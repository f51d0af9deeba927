// Summarizes a V8 .cpuprofile (node --cpu-prof): self and inclusive time per function, and self
// time per package, so a report can say where the server's time goes.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  selfMs: number;
  selfPct: number;
  totalMs: number;
  totalPct: number;
}

export interface ProfileSummary {
  file: string;
  busyMs: number;
  idleMs: number;
  functions: ProfileRow[];
  packages: { name: string; selfMs: number; selfPct: number }[];
}

function where(url: string): string {
  if (!url) return '';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const pk = url.indexOf('/packages/');
  if (pk >= 0) return url.slice(pk + 1).split('/').slice(0, 2).join('/');
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '');
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const fn = functionName || '(anonymous)';
  if (!url) return fn;
  const short = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*\/(packages\/)/, '$1');
  return `${fn} ${short}:${lineNumber + 1}`;
}

/** A .cpuprofile's nodes by id, each node's parent, and the sampled time (µs) on each node. */
function loadSamples(file: string): { byId: Map<number, ProfileNode>; parent: Map<number, number>; selfUs: Map<number, number> } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, k) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0)));
  return { byId, parent, selfUs };
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const { byId, parent, selfUs } = loadSamples(file);

  let idle = 0;
  let busy = 0;
  const fnSelf = new Map<string, number>();
  const fnTotal = new Map<string, number>();
  const pkgSelf = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idle += us;
      continue;
    }
    busy += us;
    const key = label(node);
    fnSelf.set(key, (fnSelf.get(key) ?? 0) + us);
    const pkg = where(node.callFrame.url) || (name.startsWith('(') ? name : 'native/V8 builtins');
    pkgSelf.set(pkg, (pkgSelf.get(pkg) ?? 0) + us);
    // Inclusive: every distinct function on this node's stack gets the sample once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      fnTotal.set(k, (fnTotal.get(k) ?? 0) + us);
    }
  }
  const pct = (us: number): number => Math.round((us / Math.max(1, busy)) * 1000) / 10;
  const ms = (us: number): number => Math.round(us / 100) / 10;
  const functions = [...fnSelf.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, selfMs: ms(us), selfPct: pct(us), totalMs: ms(fnTotal.get(name) ?? us), totalPct: pct(fnTotal.get(name) ?? us) }));
  const packages = [...pkgSelf.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([name, us]) => ({ name, selfMs: ms(us), selfPct: pct(us) }));
  return { file, busyMs: ms(busy), idleMs: ms(idle), functions, packages };
}

/** The heaviest inclusive frames from the project's own code (where its time is spent, callees included). */
export function inclusiveOfProject(file: string, top = 20): ProfileRow[] {
  const s = summarizeProfileInclusive(file);
  return s.filter((r) => r.name.includes('packages/')).slice(0, top);
}

function summarizeProfileInclusive(file: string): ProfileRow[] {
  const { byId, parent, selfUs } = loadSamples(file);
  let busy = 0;
  const total = new Map<string, number>();
  const self = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    busy += us;
    self.set(label(node), (self.get(label(node)) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + us);
    }
  }
  const pct = (us: number): number => Math.round((us / Math.max(1, busy)) * 1000) / 10;
  const ms = (us: number): number => Math.round(us / 100) / 10;
  return [...total.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, us]) => ({ name, selfMs: ms(self.get(name) ?? 0), selfPct: pct(self.get(name) ?? 0), totalMs: ms(us), totalPct: pct(us) }));
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

/** Live bytes by allocating function (self) and by the project frame that led to it. */
export function summarizeHeapSample(json: string, top = 20): { totalBytes: number; bySite: { name: string; bytes: number }[]; byProjectFrame: { name: string; bytes: number }[] } {
  const { head } = JSON.parse(json) as { head: HeapNode };
  const bySite = new Map<string, number>();
  const byProject = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode, stack: HeapNode[]): void => {
    if (node.selfSize > 0) {
      total += node.selfSize;
      const site = label({ id: 0, callFrame: node.callFrame });
      bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
      // The innermost frame of Brigade's own code on the allocation stack.
      const own = [...stack, node].reverse().find((n) => n.callFrame.url.includes('/packages/'));
      const key = own ? label({ id: 0, callFrame: own.callFrame }) : '(no Brigade frame)';
      byProject.set(key, (byProject.get(key) ?? 0) + node.selfSize);
    }
    for (const c of node.children) walk(c, [...stack, node]);
  };
  walk(head, []);
  const sort = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, bytes]) => ({ name, bytes }));
  return { totalBytes: total, bySite: sort(bySite), byProjectFrame: sort(byProject) };
}

/**
 * Inclusive time of every frame (callees included) over the samples whose stack contains a frame
 * matching `ancestor` (a substring of its label, e.g. `tick packages/server`): where that
 * function's time goes. `busyMs` is the ancestor's own inclusive time.
 */
export function inclusiveWithin(file: string, ancestor: string, top = 20): { busyMs: number; rows: ProfileRow[] } {
  const { byId, parent, selfUs } = loadSamples(file);
  let busy = 0;
  const total = new Map<string, number>();
  const self = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const stack: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) stack.push(label(byId.get(cur)!));
    const last = stack.findLastIndex((k) => k.includes(ancestor));
    if (last < 0) continue;
    busy += us;
    self.set(stack[0]!, (self.get(stack[0]!) ?? 0) + us);
    // Frames from the sample up to (and including) the outermost matching ancestor.
    const seen = new Set<string>();
    for (const k of stack.slice(0, last + 1)) {
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + us);
    }
  }
  const pct = (us: number): number => Math.round((us / Math.max(1, busy)) * 1000) / 10;
  const ms = (us: number): number => Math.round(us / 100) / 10;
  const rows = [...total.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, selfMs: ms(self.get(name) ?? 0), selfPct: pct(self.get(name) ?? 0), totalMs: ms(us), totalPct: pct(us) }));
  return { busyMs: ms(busy), rows };
}
