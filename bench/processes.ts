import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on Linux). */
const TICKS = 100;

interface ProcStat {
  ppid: number;
  cpuSeconds: number;
}

function statOf(pid: number): ProcStat | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { ppid: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** CPU seconds used so far by every live process in the trees under `roots` (the roots included), by pid. */
export function treeCpu(roots: number[]): Map<number, number> {
  const stats = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = statOf(Number(name));
    if (stat) stats.set(Number(name), stat);
  }
  const result = new Map<number, number>();
  const queue = roots.filter((pid) => stats.has(pid));
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (result.has(pid)) continue;
    result.set(pid, stats.get(pid)!.cpuSeconds);
    for (const [child, stat] of stats) if (stat.ppid === pid) queue.push(child);
  }
  return result;
}

/**
 * CPU seconds between two `treeCpu` snapshots, per label: `labels` names some pids (the
 * services, the host); every other process of the trees counts as `rest` (PostgreSQL's).
 */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>, labels: Record<string, number>, rest = 'postgres'): Record<string, number> {
  const nameOf = new Map(Object.entries(labels).map(([name, pid]) => [pid, name]));
  const seconds: Record<string, number> = Object.fromEntries([...Object.keys(labels), rest].map((name) => [name, 0]));
  for (const [pid, total] of after) {
    const name = nameOf.get(pid) ?? rest;
    seconds[name] = seconds[name]! + total - (before.get(pid) ?? 0);
  }
  return Object.fromEntries(Object.entries(seconds).map(([name, value]) => [name, Math.round(value * 100) / 100]));
}

/** A process's resident set in MB (0 if it is gone). */
export function rssMb(pid: number): number {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/** Each named process's RSS in MB. */
export function rssOf(pids: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, rssMb(pid)]));
}

/**
 * Each process's RSS once it stopped falling: after a burst a service gives memory back only
 * once it has been quiet for a while (its idle collector looks every 2 s), so RSS is sampled
 * every second until no process fell by more than 1 MB over the last 3 s (at most `capMs`).
 * Resolves with the figures and how long that took.
 */
export async function settledRss(pids: Record<string, number>, capMs = 40_000): Promise<{ rssMb: Record<string, number>; waitedMs: number }> {
  const started = performance.now();
  const samples: Record<string, number>[] = [rssOf(pids)];
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    samples.push(rssOf(pids));
    const window = samples.slice(-4);
    const falling = window.length === 4 && Object.keys(pids).some((name) => window[0]![name]! - window[3]![name]! > 1);
    const elapsed = performance.now() - started;
    if ((window.length === 4 && !falling && elapsed >= 20_000) || elapsed >= capMs) return { rssMb: samples.at(-1)!, waitedMs: Math.round(elapsed) };
  }
}

/** The bench process's own CPU seconds since `before` (autocannon, the writer). */
export function benchCpuSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return Math.round((used.user + used.system) / 10_000) / 100;
}
