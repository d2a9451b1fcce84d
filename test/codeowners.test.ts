import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../platform/project.js';
import { subgraphNames } from '../subgraphs/registry.js';

// Issue 14: each partner is given its folder by CODEOWNERS, and everything it owns, its tests
// included, is inside that folder; the rest is the platform team's.

const platformTeam = '@plan-crack/platform';

interface Rule {
  readonly pattern: string;
  readonly owners: readonly string[];
}

const rules: readonly Rule[] = readFileSync(join(projectRoot, 'CODEOWNERS'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const [pattern = '', ...owners] = line.split(/\s+/);
    return { pattern, owners };
  });

/** The folder pattern of one subgraph: `/subgraphs/<name>/`. */
const subgraphFolderPattern = /^\/subgraphs\/([a-z0-9-]+)\/$/;

/** GitHub's rule for the two kinds of pattern this file uses (`*` and `/folder/`): the last that matches gives the owners. */
function ownersOf(path: string): readonly string[] | undefined {
  return rules.findLast((rule) => rule.pattern === '*' || path.startsWith(rule.pattern.slice(1)))?.owners;
}

describe('CODEOWNERS', () => {
  it('uses only `*` and subgraph folders of the registry, each with one team', () => {
    for (const rule of rules) {
      expect(rule.pattern === '*' || subgraphFolderPattern.test(rule.pattern), `${rule.pattern}: only * and /subgraphs/<name>/`).toBe(true);
      expect(rule.owners, rule.pattern).toHaveLength(1);
      expect(rule.owners[0], rule.pattern).toMatch(/^@[\w-]+\/[\w-]+$/);
    }
    const folders = rules.flatMap((rule) => subgraphFolderPattern.exec(rule.pattern)?.[1] ?? []);
    expect(
      folders.filter((folder) => !(subgraphNames as readonly string[]).includes(folder)),
      'lines for no subgraph of the registry',
    ).toEqual([]);
  });

  it("gives each subgraph's folder to its own partner team, by exactly one line", () => {
    for (const name of subgraphNames) {
      const lines = rules.filter((rule) => rule.pattern === `/subgraphs/${name}/`);
      expect(lines, name).toHaveLength(1);
      expect(ownersOf(`subgraphs/${name}/test/subgraph.test.ts`), name).not.toContain(platformTeam);
    }
    const partnerTeams = subgraphNames.map((name) => ownersOf(`subgraphs/${name}/schema.graphql`)?.join(' '));
    expect(new Set(partnerTeams).size, 'one team per subgraph').toBe(subgraphNames.length);
  });

  it('gives the shared code, the gateway, the platform, the schema, the operations, the benchmarks, the cross-subgraph tests and CI to the platform team', () => {
    const platformPaths = [
      'subgraphs/shared/sql.ts',
      'subgraphs/registry.ts',
      'gateway/index.ts',
      'platform/identity.ts',
      'schema/supergraph.graphql',
      'operations/manifest.json',
      'bench/README.md',
      'test/gateway/figures.test.ts',
      '.ci/run',
      'CODEOWNERS',
    ];
    for (const path of platformPaths) expect(ownersOf(path), path).toEqual([platformTeam]);
  });
});

describe("each partner's tests", () => {
  it('live in its folder (subgraphs/<name>/test/), not in test/', () => {
    for (const name of subgraphNames) {
      const folder = join(projectRoot, 'subgraphs', name, 'test');
      expect(
        existsSync(folder) && readdirSync(folder).some((file) => file.endsWith('.test.ts')),
        `subgraphs/${name}/test/ has its tests`,
      ).toBe(true);
    }
    const testFiles = readdirSync(join(projectRoot, 'test'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(projectRoot, join(entry.parentPath, entry.name)).split(sep).join('/'));
    // Their old homes, and any file under test/ named after one subgraph (e.g. ratp.test.ts, writes-ratp.test.ts, ratp.facts.ts).
    expect(testFiles.filter((path) => /^test\/(subgraphs|figures)\//.test(path))).toEqual([]);
    expect(testFiles.filter((path) => subgraphNames.some((name) => new RegExp(`[-/]${name}[-.]`).test(path)))).toEqual([]);
  });
});
