/**
 * `npm run fuzz -- [--seed N] [--minutes M] [--concurrency C]`: the fuzz test's generators and
 * checks for as long as you like, on the same graph (the subgraphs in this process on SQLite, the
 * gateway a child process with docker-compose's 192 MB heap). Prints a table per category and the
 * gateway's memory; exits 1 when any answer broke a rule, 2 on a bad flag.
 */
import { parseArgs } from 'node:util';
import { fuzzBounds, gatewayHeapMb, reproduction, violationKinds } from './checks.js';

const usage = `usage: npm run fuzz -- [--seed N] [--minutes M] [--concurrency C]

Sends random valid and malformed requests to the plan-wide graph (five subgraphs on SQLite in this
process, the gateway a child process under a ${gatewayHeapMb} MB heap) and checks every answer: no 5xx, no
engine or internal text, no protected value without a valid identity, under ${fuzzBounds.maxAnswerBytes / 1024 / 1024} MiB and
${fuzzBounds.maxAnswerMs / 1000} s; at the end the gateway alive and under ${fuzzBounds.maxGatewayRssMb} MB of resident memory.

  --seed N         seed of the random requests, a whole number (default: a random one, printed)
  --minutes M      how long requests are sent, e.g. 1 or 0.5 (default: 1)
  --concurrency C  requests in flight at once, 1 to 64 (default: 4)
  --help           print this and exit

Exit code: 0 when every check held, 1 when any did not, 2 on a bad flag.`;

interface Flags {
  readonly seed: number;
  readonly minutes: number;
  readonly concurrency: number;
}

class UsageError extends Error {}

function parseFlags(args: readonly string[]): Flags | 'help' {
  let values: { seed?: string; minutes?: string; concurrency?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        seed: { type: 'string' },
        minutes: { type: 'string' },
        concurrency: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // Node's message goes on with advice about '--': its first sentence says what is wrong.
    throw new UsageError((error instanceof Error ? error.message : String(error)).split('. ')[0]);
  }
  if (values.help === true) return 'help';
  const whole = (flag: string, text: string | undefined, fallback: number, min: number, max: number) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max)
      throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
    return value;
  };
  const minutes = values.minutes === undefined ? 1 : Number(values.minutes);
  if (values.minutes?.trim() === '' || !Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) {
    throw new UsageError(`--minutes must be a number of minutes above 0 (at most a day), got "${String(values.minutes)}"`);
  }
  return {
    seed: whole('seed', values.seed, Math.floor(Math.random() * 2 ** 31), -(2 ** 31), 2 ** 31 - 1),
    minutes,
    concurrency: whole('concurrency', values.concurrency, 4, 1, 64),
  };
}

let flags: Flags | 'help';
try {
  flags = parseFlags(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`fuzz: ${error.message} (see --help)`);
  process.exit(2);
}
if (flags === 'help') {
  console.log(usage);
  process.exit(0);
}

// Loaded only now: they start nothing, but take a second or two and make test keys (not worth it for --help).
const { loadApiModel } = await import('./api-model.js');
const { buildArbitraries, mintFuzzTokens, requestStream } = await import('./generators.js');
const { startFuzzGraph } = await import('./graph.js');
const { describeViolations, formatReport, runFuzz } = await import('./runner.js');

const { seed, minutes, concurrency } = flags;
console.log(`fuzz: seed ${seed}, ${minutes} min, concurrency ${concurrency}; starting the graph…`);
const graph = await startFuzzGraph(`fuzz-${process.pid}`);
// The gateway runs in its own process group: Ctrl-C does not reach it, so stop it here.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void graph.stop().finally(() => process.exit(130));
  });
}

let failed: boolean;
try {
  const memoryAtStart = graph.gatewayMemory();
  const arbitraries = buildArbitraries(loadApiModel(), await mintFuzzTokens(Math.ceil(minutes * 60) + 600));
  const seen = new Set<string>();
  const report = await runFuzz({
    graph,
    requests: requestStream(arbitraries, seed),
    durationMs: minutes * 60_000,
    concurrency,
    requestTimeoutMs: 30_000,
    onViolation: (violation) => {
      // The first of each category and kind as it happens; all of them are counted in the table.
      const key = `${violation.request.category}\n${violation.kind}`;
      if (seen.has(key)) return;
      seen.add(key);
      console.log(reproduction(violation));
    },
  });
  const memoryAtEnd = graph.gatewayMemory();
  const live = await graph.liveStatus();
  console.log(`\n${report.requests} requests in ${Math.round(report.elapsedMs / 1000)} s, seed ${seed}\n`);
  console.log(formatReport(report));
  console.log(
    `\ngateway RSS: ${memoryAtStart.rssMb} MB at start, ${memoryAtEnd.rssMb} MB at end, peak ${memoryAtEnd.peakMb} MB (bound ${fuzzBounds.maxGatewayRssMb} MB)`,
  );
  console.log(
    `gateway /health/live at the end: ${live ?? 'no answer'}${graph.gatewayRestarts > 0 ? `; restarted ${graph.gatewayRestarts} time(s) after exiting` : ''}`,
  );
  for (const exit of report.gatewayExits) console.log(`  gateway ${exit}`);
  const summary = describeViolations(report, violationKinds, 1);
  if (summary !== 'none') console.log(`\n${summary}`);
  failed = summary !== 'none' || live !== 200 || !(memoryAtEnd.rssMb < fuzzBounds.maxGatewayRssMb);
} finally {
  await graph.stop();
}
process.exit(failed ? 1 : 0);
