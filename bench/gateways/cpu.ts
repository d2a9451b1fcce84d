import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Where the CPU went during a load, from Linux's /proc: the gateway, the subgraphs, a local
 * database server, this process (autocannon), and the rest of the machine (the kernel, and anything
 * else running, which is why a busy machine shows there). Two cores are shared by all of them.
 */
const getconf = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
// No getconf (its spawn failed, so no output at all) or no answer: Linux's usual 100.
const clockTicksPerSecond = (getconf.error ? NaN : Number(getconf.stdout.trim())) || 100;
const ticksToMs = (ticks: number): number => (ticks * 1000) / clockTicksPerSecond;

/** CPU time (user + system) a process has used so far, in ms. */
export function processCpuMs(pid: number): number {
  // After the command name (which may hold spaces): state is field 3, utime and stime are fields 14 and 15.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ticksToMs(Number(fields[11]) + Number(fields[12]));
}

/** The machine's CPU time in all cores so far (ms): busy, and in all. */
function machineCpuMs(): { busy: number; all: number } {
  const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice).
  const all = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: ticksToMs(all - idle), all: ticksToMs(all) };
}

/** The pids of a local MariaDB or MySQL server (none when the database runs elsewhere). */
export function databaseServerPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/^(mariadbd|mysqld)$/.test(readFileSync(`/proc/${entry}/comm`, 'utf8').trim())) pids.push(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  return pids;
}

export interface CpuSnapshot {
  readonly machine: { busy: number; all: number };
  readonly gateway: number;
  readonly subgraphs: number;
  readonly database: number;
  readonly bench: number;
}

export interface MeasuredProcesses {
  readonly gateway: number;
  readonly subgraphs: readonly number[];
  readonly database: readonly number[];
}

const sumCpuMs = (pids: readonly number[]): number => pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);

export function cpuSnapshot(pids: MeasuredProcesses): CpuSnapshot {
  const own = process.cpuUsage();
  return {
    machine: machineCpuMs(),
    gateway: processCpuMs(pids.gateway),
    subgraphs: sumCpuMs(pids.subgraphs),
    database: sumCpuMs(pids.database),
    bench: (own.user + own.system) / 1000,
  };
}

export interface CpuPerRequest {
  /** ms of CPU per response. */
  readonly gateway: number;
  readonly subgraphs: number;
  /** The local MariaDB/MySQL server (0 when it runs elsewhere). */
  readonly database: number;
  /** autocannon and this script. */
  readonly bench: number;
  /** The kernel and every other process: high when something else runs on the machine. */
  readonly rest: number;
  /** How busy all cores were, in %. */
  readonly machineBusyPercent: number;
}

export function cpuPerRequest(before: CpuSnapshot, after: CpuSnapshot, responses: number): CpuPerRequest {
  const per = (ms: number) => (responses > 0 ? ms / responses : Number.NaN);
  const gateway = after.gateway - before.gateway;
  const subgraphs = after.subgraphs - before.subgraphs;
  const database = after.database - before.database;
  const bench = after.bench - before.bench;
  const busy = after.machine.busy - before.machine.busy;
  const all = after.machine.all - before.machine.all;
  return {
    gateway: per(gateway),
    subgraphs: per(subgraphs),
    database: per(database),
    bench: per(bench),
    rest: per(Math.max(0, busy - gateway - subgraphs - database - bench)),
    machineBusyPercent: all > 0 ? Math.round((1000 * busy) / all) / 10 : Number.NaN,
  };
}

/**
 * Waits until `pids` together use less than `percentOfOneCore` of a core for two half-seconds in a
 * row: a load leaves requests in flight that the subgraphs and the database keep working on after
 * autocannon stops, and the next measurement must not start behind them. Gives up after `maxMs`.
 */
export async function waitUntilIdle(
  pids: readonly number[],
  maxMs = 30_000,
  percentOfOneCore = 5,
): Promise<{ readonly idle: boolean; readonly waitedMs: number }> {
  const started = performance.now();
  const intervalMs = 500;
  let quietIntervals = 0;
  let previous = sumCpuMs(pids);
  while (performance.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const current = sumCpuMs(pids);
    quietIntervals = current - previous < (intervalMs * percentOfOneCore) / 100 ? quietIntervals + 1 : 0;
    previous = current;
    if (quietIntervals >= 2) return { idle: true, waitedMs: Math.round(performance.now() - started) };
  }
  return { idle: false, waitedMs: Math.round(performance.now() - started) };
}
