/**
 * `npm run measure:startup`: each service started as production used to start it (`npx tsx …`)
 * and as it starts now (`node dist/…`, after `npm run build`): the time until it prints that it is
 * ready, and the resident memory of all its processes once idle. SQLite under a temporary folder,
 * seeded by a first run that is not measured; the gateway in front of the five compiled subgraphs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { developmentAudience, developmentIssuer, ensureDevelopmentKeys } from '../../platform/keys.js';
import { projectRoot } from '../../platform/project.js';
import { subgraphNames } from '../../subgraphs/registry.js';
import { readCommandLine, refuse } from '../../scripts/cli.js';

const idleMs = 3_000;
/** `npm run measure:startup -- [runs] [service…]`: 3 runs of every service unless told. */
const { positionals } = readCommandLine({
  name: 'measure:startup',
  usage: `usage: npm run measure:startup -- [runs] [service …]

Starts each service as production used to (npx tsx) and as it does now (node dist/, after npm run
build), and prints the time until it is ready and its idle memory. runs: how many times (default 3);
service: gateway or a subgraph (${subgraphNames.join(', ')}); default all.`,
  config: { options: {}, allowPositionals: true },
});
const runs = Number(positionals[0] ?? 3);
if (!Number.isInteger(runs) || runs < 1)
  refuse('measure:startup', `runs must be a whole number of at least 1, got "${String(positionals[0])}"`);
const only = new Set(positionals.slice(1));
const unknownServices = [...only].filter((name) => name !== 'gateway' && !(subgraphNames as readonly string[]).includes(name));
if (unknownServices.length > 0)
  refuse('measure:startup', `unknown service ${unknownServices.join(', ')}; the services are gateway, ${subgraphNames.join(', ')}`);
const measured = (name: string): boolean => only.size === 0 || only.has(name);

interface Started {
  readonly readyMs: number;
  readonly url: string;
  readonly pid: number;
  readonly stop: () => Promise<void>;
}

/** The resident memory of every process of a process group, in MB (Linux /proc). */
function groupRssMb(groupId: number): { processes: number; rssMb: number } {
  let processes = 0;
  let rssKb = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 5 of stat is the process group; the command name (field 2) may hold spaces, so split after its ')'.
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      if (Number(fields[2]) !== groupId) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      processes += 1;
      rssKb += Number(rss ?? 0);
    } catch {
      // the process ended meanwhile
    }
  }
  return { processes, rssMb: Math.round(rssKb / 1024) };
}

function start(command: readonly string[], env: NodeJS.ProcessEnv): Promise<Started> {
  const [program, ...args] = command;
  if (program === undefined) throw new Error('start: an empty command');
  const began = performance.now();
  const child = spawn(program, args, {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /ready at (http:\/\/\S+)/.exec(output)?.[1];
      if (!url) return;
      child.stdout.off('data', onData);
      // It printed its ready line, so it was spawned and has a pid.
      const { pid } = child;
      if (pid === undefined) {
        reject(new Error(`${command.join(' ')}: no pid`));
        return;
      }
      resolve({
        readyMs: Math.round(performance.now() - began),
        url,
        pid,
        stop: () =>
          new Promise((stopped) => {
            child.once('exit', () => {
              stopped();
            });
            process.kill(-pid, 'SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      reject(new Error(`${command.join(' ')} exited with ${String(code)}:\n${output}`));
    });
  });
}

const median = (values: number[]): number => {
  const middle = [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  if (middle === undefined) throw new Error('the median of no values');
  return middle;
};

const workDir = mkdtempSync(join(tmpdir(), 'plancrack-startup-'));
const keys = ensureDevelopmentKeys(join(workDir, 'keys'));
const common: NodeJS.ProcessEnv = {
  NODE_ENV: 'development',
  DATA_DIR: join(workDir, 'data'),
  PORT: '0',
  GATEWAY_PROOF_PUBLIC_KEY_FILE: keys.proofPublicKeyFile,
};
const variants = {
  tsx: (source: string) => ['npx', 'tsx', `${source}.ts`],
  compiled: (source: string) => ['node', `dist/${source}.js`],
} as const;

async function measure(name: string, source: string, env: NodeJS.ProcessEnv): Promise<void> {
  const figures: string[] = [];
  for (const [variant, command] of Object.entries(variants)) {
    const ready: number[] = [];
    const rss: number[] = [];
    let processes = 0;
    for (let run = 0; run < runs; run += 1) {
      const started = await start(command(source), { ...common, ...env });
      await new Promise((resolve) => setTimeout(resolve, idleMs));
      const group = groupRssMb(started.pid);
      await started.stop();
      ready.push(started.readyMs);
      rss.push(group.rssMb);
      processes = group.processes;
    }
    figures.push(`${variant}: ready ${median(ready)} ms, ${median(rss)} MB RSS in ${processes} process${processes === 1 ? '' : 'es'}`);
  }
  console.log(`${name.padEnd(15)} ${figures.join('  |  ')}`);
}

try {
  console.log(`median of ${runs} starts each, RSS ${idleMs / 1000} s after ready`);
  // Seeds each SQLite file once, unmeasured.
  for (const name of subgraphNames) await (await start(variants.compiled(`subgraphs/${name}/index`), common)).stop();
  for (const name of subgraphNames.filter(measured)) await measure(name, `subgraphs/${name}/index`, {});
  if (!measured('gateway')) process.exit(0);
  // Stopped whatever happens to the gateway's measure, so that none outlives the script.
  const subgraphs = await Promise.all(subgraphNames.map((name) => start(variants.compiled(`subgraphs/${name}/index`), common)));
  const subgraphUrls = Object.fromEntries(
    subgraphNames.map((name, index) => {
      const subgraph = subgraphs[index];
      if (subgraph === undefined) throw new Error(`subgraph ${name} did not start`);
      return [`${name.toUpperCase().replace(/-/g, '_')}_SUBGRAPH_URL`, subgraph.url];
    }),
  );
  try {
    await measure('gateway', 'gateway/index', {
      ...subgraphUrls,
      AUTH_ISSUER: developmentIssuer,
      AUTH_AUDIENCE: developmentAudience,
      AUTH_PUBLIC_KEY_FILE: keys.tokenPublicKeyFile,
      GATEWAY_PROOF_KEY_FILE: keys.proofPrivateKeyFile,
      NODE_OPTIONS: '--max-old-space-size=192',
    });
  } finally {
    await Promise.all(subgraphs.map((subgraph) => subgraph.stop()));
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
