import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectDir } from './support/processes.js';

const scripts = Object.keys(
  (JSON.parse(readFileSync(`${projectDir}/package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts,
);

interface Run {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run <script> -- <args>` as a user types it, from the project's folder. */
function npmRun(script: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      'npm',
      ['run', '--silent', script, '--', ...args],
      { cwd: projectDir, timeout: 50_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(error.message, { cause: error }));
          return;
        }
        resolve({ exitCode: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** What `--help` starts with: ours say how to run them; vitest, tsc and eslint print their own usage. */
const usageOf = (script: string): RegExp =>
  script === 'test'
    ? /^vitest\/[\d.]+\s+Usage:/
    : script === 'typecheck'
      ? /^tsc: The TypeScript Compiler/
      : script === 'lint'
        ? /^eslint \[options\]/
        : script === 'start'
          ? /^usage: npm start\n/
          : new RegExp(`^usage: npm run ${script}( |\\n)`);

/** A stack trace, as Node prints an uncaught error. */
const stackTrace = /^\s+at .+[:(]\d+/m;

describe('every npm run command', () => {
  it('is tested here', () => {
    expect(scripts).toEqual(expect.arrayContaining(['start', 'token', 'test', 'typecheck', 'bench', 'seed', 'compose', 'schema:check']));
  });

  it.each(scripts)('%s prints its usage on --help, and starts nothing', async (script) => {
    const { exitCode, stdout, stderr } = await npmRun(script, ['--help']);
    expect(stderr).toBe('');
    expect(stdout).toMatch(usageOf(script));
    expect(exitCode).toBe(0);
  });

  it.each(scripts)('%s names a flag it does not know, without a stack trace', async (script) => {
    const { exitCode, stdout, stderr } = await npmRun(script, ['--bogus']);
    const output = `${stdout}${stderr}`;
    expect(output).toContain('--bogus');
    expect(output).not.toMatch(stackTrace);
    expect(output.trim().split('\n').length).toBeLessThanOrEqual(3);
    expect(exitCode).not.toBe(0);
  });
});
