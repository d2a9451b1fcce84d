/**
 * `npm run build`: compiles the gateway, the subgraphs and the scripts to dist/ with tsc
 * (tsconfig.build.json), then copies the SDL files beside the compiled code, since the subgraphs
 * read them with `new URL('./schema.graphql', import.meta.url)`. Production runs `node dist/...`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { projectRoot } from '../platform/project.js';
import { readCommandLine } from './cli.js';

readCommandLine({
  name: 'build',
  usage: `usage: npm run build

Compiles the gateway, the subgraphs, the scripts and operations/ to dist/ (tsconfig.build.json) and
copies the .graphql files and the report page's assets beside them: what production runs (node dist/gateway/index.js).`,
  config: { options: {} },
});

const outDir = join(projectRoot, 'dist');
/** The folders tsconfig.build.json compiles, whose .graphql files the compiled code reads (the gateway's IDE opens on operations/). */
const sourceDirs = ['gateway', 'platform', 'subgraphs', 'scripts', 'operations'];

/** The report page's script and styles (gateway/reports/assets/), served as they are. */
const isPageAsset = (dir: string): boolean => relative(projectRoot, dir) === join('gateway', 'reports', 'assets');

rmSync(outDir, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', join(projectRoot, 'tsconfig.build.json')],
  {
    cwd: projectRoot,
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

let copied = 0;
for (const dir of sourceDirs) {
  for (const entry of readdirSync(join(projectRoot, dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !(entry.name.endsWith('.graphql') || isPageAsset(entry.parentPath))) continue;
    const source = join(entry.parentPath, entry.name);
    const target = join(outDir, relative(projectRoot, source));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(source, target);
    copied += 1;
  }
}
console.log(`Compiled to ${relative(process.cwd(), outDir) || '.'}/ with ${copied} .graphql files and page assets beside the code.`);
