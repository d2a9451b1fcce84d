import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectDir } from '../../test/support/processes.js';

/** The parts of V8's .cpuprofile (what `node --cpu-prof` writes) that self time needs. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  /** µs, on the monotonic clock that process.hrtime reads too. */
  readonly startTime: number;
  readonly endTime: number;
  /** The node on top of the stack at each sample. */
  readonly samples: readonly number[];
  /** µs since the previous sample (the first: since startTime). */
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  /** `function (file:line)`; V8's own entries keep their names: (garbage collector), (program), (idle). */
  readonly name: string;
  readonly ms: number;
  /** Share of the busy time (all samples but idle) in the window. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly file: string;
  /** The samples counted: those inside the measured load, or the whole profile when the clocks did not line up. */
  readonly window: 'load' | 'whole profile';
  readonly busyMs: number;
  readonly idleMs: number;
  readonly top: readonly SelfTime[];
}

/** A short location: project files relative to the project, packages from their name on. */
function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inPackages = path.lastIndexOf('/node_modules/');
  if (inPackages >= 0) return path.slice(inPackages + '/node_modules/'.length);
  return path.startsWith(projectDir) ? path.slice(projectDir.length) : path;
}

/**
 * Self time per function (name, file and line), from the samples taken between `fromMicros` and
 * `toMicros` (monotonic µs): each sample counts the time until the next one.
 */
export function summarizeProfile(file: string, fromMicros: number, toMicros: number, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const overlaps = fromMicros < profile.endTime && toMicros > profile.startTime;
  const [from, to] = overlaps ? [fromMicros, toMicros] : [profile.startTime, profile.endTime];
  const selfMicros = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i] ?? 0;
    const next = i + 1 < profile.samples.length ? time + (profile.timeDeltas[i + 1] ?? 0) : profile.endTime;
    if (time < from || time > to) continue;
    const frame = frames.get(profile.samples[i] ?? -1);
    if (frame === undefined) continue;
    const spent = Math.max(0, next - time);
    if (frame.functionName === '(idle)') {
      idle += spent;
      continue;
    }
    busy += spent;
    const name =
      frame.url === ''
        ? frame.functionName || '(anonymous)'
        : `${frame.functionName || '(anonymous)'} (${shortUrl(frame.url)}:${frame.lineNumber + 1})`;
    selfMicros.set(name, (selfMicros.get(name) ?? 0) + spent);
  }
  const ranked = [...selfMicros].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    file,
    window: overlaps ? 'load' : 'whole profile',
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idle / 1000),
    top: ranked.map(([name, micros]) => ({
      name,
      ms: Math.round(micros / 1000),
      percent: busy > 0 ? Math.round((1000 * micros) / busy) / 10 : 0,
    })),
  };
}

/** The .cpuprofile that `node --cpu-prof --cpu-prof-dir=<dir>` wrote (one process per folder). */
export function profileIn(dir: string): string {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  if (files.length !== 1) throw new Error(`expected one .cpuprofile in ${dir}, found ${files.length}: did the gateway exit cleanly?`);
  return join(dir, files[0] as string);
}
