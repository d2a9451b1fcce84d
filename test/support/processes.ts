import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const projectDir = fileURLToPath(new URL('../../', import.meta.url));

export interface Service {
  readonly name: string;
  readonly pid: number | undefined;
  /** Everything the process printed so far, for assertions and for failure messages. */
  readonly output: () => string;
  /** Resolves with the first match of `pattern` in the output; rejects if the process exits first or time runs out. */
  readonly waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  /** The exit code, once the process has exited (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /**
   * A signal to the service's own process alone, not its group: what Docker's init (`init: true`)
   * passes on to the command it runs. False once the process is gone.
   */
  readonly signal: (signal: NodeJS.Signals) => boolean;
  /** SIGTERM to the whole process group, then waits until every process of it has exited (SIGKILL after 10 s). */
  readonly stop: () => Promise<number | null>;
}

/** Starts a command from the project's folder, as a deployment would. */
export function startService(name: string, command: readonly string[], env: NodeJS.ProcessEnv): Service {
  const [program, ...args] = command;
  if (!program) throw new Error(`${name}: empty command`);
  // Its own process group, so that stopping `npm start` also stops the node process npm runs.
  // Services log at info (their "ready at" lines) whatever level the tests' own process logs at.
  const child: ChildProcess = spawn(program, args, {
    cwd: projectDir,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const signalGroup = (signal: NodeJS.Signals | 0): boolean => {
    // No pid: the command never started. Never `kill(-0)`: that is the test runner's own group.
    if (child.pid === undefined) return false;
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    listeners.forEach((listener) => {
      listener();
    });
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );

  return {
    name,
    pid: child.pid,
    exited,
    output: () => output,
    signal: (signal) => {
      try {
        return child.pid !== undefined && process.kill(child.pid, signal);
      } catch {
        return false; // the process is gone
      }
    },
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name}: no ${String(pattern)} within ${timeoutMs} ms; output:\n${output}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then((code) => {
          if (listeners.has(check)) {
            cleanup();
            reject(new Error(`${name} exited with ${String(code)} before ${String(pattern)}; output:\n${output}`));
          }
        });
        check();
      }),
    stop: async () => {
      const deadline = Date.now() + 10_000;
      signalGroup('SIGTERM');
      while (signalGroup(0)) {
        if (Date.now() > deadline) signalGroup('SIGKILL');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return exited;
    },
  };
}
