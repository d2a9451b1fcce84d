/**
 * `npm test -- [vitest run's filters and flags]`: vitest run, with one difference: a flag vitest does
 * not know is one line naming it (exit 2), where vitest's command line throws it with a stack trace.
 * `npm test -- --help` prints vitest's own usage; `npm test -- --project unit` (or `e2e`) runs one
 * of vitest.config.ts's projects alone.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// Plain node, as `vitest` runs from the command line: no loader of this script's is passed on to the workers.
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const child = spawn(process.execPath, [vitest, 'run', ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'pipe'] });

// Vitest's command-line parser (cac) reports a bad flag as an uncaught error: the file and line it
// was thrown at, the source excerpt, `CACError: <message>`, then the stack. Everything else passes.
const cacThrowSite = /[\\/]vitest[\\/]dist[\\/]chunks[\\/]cac\.[\w-]+\.js:\d+$/;
let badFlag: string | undefined;
let inCacError = false;
createInterface({ input: child.stderr }).on('line', (line) => {
  if (!inCacError && cacThrowSite.test(line)) {
    inCacError = true;
    return;
  }
  if (inCacError) {
    badFlag ??= /^CACError: (.*)$/.exec(line)?.[1];
    return;
  }
  process.stderr.write(`${line}\n`);
});

child.on('close', (code, signal) => {
  if (badFlag !== undefined) {
    console.error(`test: ${badFlag} (npm test -- --help lists vitest's options)`);
    process.exit(2);
  }
  process.exit(code ?? (signal === null ? 1 : 128 + 15));
});
