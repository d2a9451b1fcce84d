import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateResolverTypes, ResolverTypesError, resolverTypesTargets } from '../schema/resolver-types.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('resolver types generated from the SDL (npm run codegen)', () => {
  it('are committed exactly as codegen writes them from every subgraph’s SDL and the shared one', async () => {
    const stale: string[] = [];
    for (const target of resolverTypesTargets()) {
      const committed = existsSync(target.outputFile) ? readFileSync(target.outputFile, 'utf8') : '';
      if (committed !== (await generateResolverTypes(target))) stale.push(target.name);
    }
    // When this fails: run `npm run codegen` and commit the generated files.
    expect(stale).toEqual([]);
  });

  it('refuse a models file exporting a model for a type the SDL does not have, naming the file, the export and the type', async () => {
    const ratp = resolverTypesTargets().find((target) => target.name === 'ratp');
    if (ratp === undefined) throw new Error('no ratp target');
    const models = join(mkdtempSync(join(tmpdir(), 'plancrack-models-')), 'models.ts');
    try {
      writeFileSync(models, "export type { Station as StationzModel } from '../entities/index.js';\n");
      await expect(
        generateResolverTypes({ ...ratp, models: [...ratp.models, { file: pathToFileURL(models), importPath: '../models.js' }] }),
      ).rejects.toThrow(
        new ResolverTypesError(`${relative(root, models)}: StationzModel maps no type: the SDL of ratp has no type Stationz`),
      );
    } finally {
      rmSync(dirname(models), { recursive: true, force: true });
    }
  });

  const sectorResolvers = (fields: string) => `import type { SectorResolvers } from '../generated/resolvers.js';
export const Sector: SectorResolvers = {
${fields}
};
`;

  /** Resolver files of the social subgraph, each given to the compiler in memory beside the real generated types. */
  const files = {
    correct: sectorResolvers(
      `  outreachRounds: (sector, args, ctx) => ctx.loaders.roundsBySector.load({ from: args.from ?? null, to: args.to ?? null, first: args.first }, sector.code),`,
    ),
    typo: sectorResolvers(
      `  outreachRoundz: (sector, _, ctx) => ctx.loaders.roundsBySector.load({ from: null, to: null, first: 10 }, sector.code),`,
    ),
    wrongType: sectorResolvers(`  receptionSites: () => 'stalingrad',`),
    unknownArgument: sectorResolvers(`  outreachRounds: (_, args) => { void args.firstt; return []; },`),
  };

  /** What `npm run typecheck` says of each file, with the project's tsconfig.json: one program for all, as tsc builds. */
  function typecheck(sources: Record<string, string>): Record<string, string[]> {
    const pathOf = (name: string) => `${root}subgraphs/social/resolvers/Checked${name}.ts`;
    const byPath = new Map(Object.entries(sources).map(([name, source]) => [pathOf(name), source]));
    const config = ts.parseJsonConfigFileContent(
      ts.readConfigFile(`${root}tsconfig.json`, (path) => ts.sys.readFile(path)).config,
      ts.sys,
      root,
    );
    const host = ts.createCompilerHost(config.options);
    const [getSourceFile, fileExists, readFile] = [host.getSourceFile.bind(host), host.fileExists.bind(host), host.readFile.bind(host)];
    host.fileExists = (path) => byPath.has(path) || fileExists(path);
    host.readFile = (path) => byPath.get(path) ?? readFile(path);
    host.getSourceFile = (path, language, ...rest) => {
      const source = byPath.get(path);
      return source === undefined ? getSourceFile(path, language, ...rest) : ts.createSourceFile(path, source, language);
    };
    const program = ts.createProgram({ rootNames: [...byPath.keys()], options: config.options, host });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    return Object.fromEntries(
      Object.keys(sources).map((name) => [
        name,
        diagnostics
          .filter((diagnostic) => diagnostic.file?.fileName === pathOf(name))
          .map(
            (diagnostic) => `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').split('\n')[0] ?? ''}`,
          ),
      ]),
    );
  }

  let errors: Record<keyof typeof files, string[]>;
  beforeAll(() => {
    errors = typecheck(files);
  }, 120_000);

  it('type a correct resolver map: parent, arguments and context inferred, no error', () => {
    expect(errors.correct).toEqual([]);
  });

  it('fail the typecheck on a field the SDL does not have, such as a typo', () => {
    expect(errors.typo).toContain(
      "TS2561: Object literal may only specify known properties, but 'outreachRoundz' does not exist in type 'SectorResolvers'. Did you mean to write 'outreachRounds'?",
    );
  });

  it('fail the typecheck on a resolver of the wrong type, or an argument the field does not take', () => {
    expect(errors.wrongType).toEqual([expect.stringMatching(/^TS2322: Type '\(\) => string' is not assignable to type /)]);
    expect(errors.unknownArgument).toEqual([
      "TS2551: Property 'firstt' does not exist on type 'RequireFields<SectorOutreachRoundsArgs, \"first\">'. Did you mean 'first'?",
    ]);
  });
});
