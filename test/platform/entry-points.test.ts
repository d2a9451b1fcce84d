import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../platform/project.js';

// Issue 14, item 5: every entry point (gateway, subgraph, scripts, bench) reads its port, host and
// configuration through platform/env.ts, and no module of platform/ imports from subgraphs/ or gateway/.

/** The project's own modules; tests (test/, subgraphs/<name>/test/) are no entry point and build their children's environments as they need. */
const guardedFolders = ['gateway', 'subgraphs', 'platform', 'scripts', 'bench'];
const readersModule = join(projectRoot, 'platform', 'env.ts');

function modulesUnder(folder: string): string[] {
  return readdirSync(join(projectRoot, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !relative(projectRoot, file).split(sep).includes('test'));
}

const modules = guardedFolders.flatMap(modulesUnder);
const compilerOptions = ts.parseJsonConfigFileContent(
  ts.readConfigFile(join(projectRoot, 'tsconfig.json'), (path) => ts.sys.readFile(path)).config,
  ts.sys,
  projectRoot,
).options;
/**
 * Imports of the project's own modules resolved, and packages' left out: their types are no
 * environment, and parsing them would take seconds. Node's, `NodeJS.ProcessEnv` and `spawn`
 * included, come from `types: ["node"]`.
 */
function projectOnlyHost(): ts.CompilerHost {
  const host = ts.createCompilerHost(compilerOptions);
  host.resolveModuleNameLiterals = (literals, containingFile) =>
    literals.map((literal) =>
      literal.text.startsWith('.')
        ? ts.resolveModuleName(literal.text, containingFile, compilerOptions, host)
        : { resolvedModule: undefined },
    );
  return host;
}
const program = ts.createProgram(modules, compilerOptions, projectOnlyHost());
const checker = program.getTypeChecker();
const projectSources = () => modules.map((file) => program.getSourceFile(file)).filter((source) => source !== undefined);

/** `NodeJS.ProcessEnv`, or a union holding it (an optional parameter's or property's type: `env?: NodeJS.ProcessEnv`). */
const isEnvironmentType = (type: ts.Type | undefined): boolean =>
  type !== undefined &&
  (type.isUnion() ? type.types.some(isEnvironmentType) : (type.aliasSymbol ?? type.getSymbol())?.getName() === 'ProcessEnv');
const isProcessEnv = (node: ts.Node): boolean =>
  ts.isPropertyAccessExpression(node) && node.name.text === 'env' && ts.isIdentifier(node.expression) && node.expression.text === 'process';

/** The node an expression's value goes to, past parentheses, `as`, `!` and `satisfies`. */
function consumerOf(expression: ts.Expression): { node: ts.Expression; parent: ts.Node } {
  let node = expression;
  while (
    ts.isParenthesizedExpression(node.parent) ||
    ts.isAsExpression(node.parent) ||
    ts.isNonNullExpression(node.parent) ||
    ts.isSatisfiesExpression(node.parent)
  ) {
    node = node.parent;
  }
  return { node, parent: node.parent };
}

/**
 * What may be done with an environment (`process.env`, or any value typed `NodeJS.ProcessEnv`)
 * outside platform/env.ts, since none of it reads a setting:
 * - handing it on whole where an environment is expected: to a reader of platform/env.ts or a
 *   `…FromEnv(env)` function built on them (a parameter typed `NodeJS.ProcessEnv`, its default
 *   `= process.env` included), or as a child process's `env`;
 * - spreading it into a new environment, e.g. `{ ...process.env, LOG_LEVEL: 'info' }` for a child;
 * - setting one variable of an environment that is not the process's own (`env.X = …`, `=` only:
 *   `??=` reads), as `npm start` does for the gateway it runs. The process's own is set through
 *   platform/env.ts's `setDefault`.
 * Anything else, `env.PORT`, `env[variable]`, `Object.keys(env)`, a destructuring, reads a setting
 * past the readers and their validation.
 */
function isAllowedUse(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const { node, parent } = consumerOf(expression);
  if (ts.isSpreadAssignment(parent)) return isEnvironmentType(checker.getContextualType(parent.parent));
  if (isEnvironmentType(checker.getContextualType(node))) return true;
  const written =
    (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) &&
    parent.expression === node &&
    ts.isBinaryExpression(parent.parent) &&
    parent.parent.left === parent &&
    parent.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  return written && !isProcessEnv(node);
}

/** Every use of an environment in a module that is not one `isAllowedUse` lets through, as `file:line: code`. */
function configurationReadsIn(checker: ts.TypeChecker, source: ts.SourceFile): string[] {
  const reads: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node)) return;
    const environment =
      isProcessEnv(node) ||
      (ts.isIdentifier(node) && !isDeclarationName(node) && !isPropertyName(node) && isEnvironmentValue(checker, node));
    if (environment && !isAllowedUse(checker, node as ts.Expression)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      reads.push(`${relative(projectRoot, source.fileName)}:${line}: ${consumerOf(node as ts.Expression).parent.getText(source)}`);
      return;
    }
    // `process.env` counted once, not again as its `process`.
    if (!isProcessEnv(node)) ts.forEachChild(node, visit);
  };
  visit(source);
  return reads;
}

/** `x.name`'s `name`: a property, not a value of its own. */
const isPropertyName = (node: ts.Identifier): boolean => ts.isPropertyAccessExpression(node.parent) && node.parent.name === node;

const isDeclarationName = (node: ts.Identifier): boolean =>
  (ts.isVariableDeclaration(node.parent) || ts.isParameter(node.parent) || ts.isBindingElement(node.parent)) && node.parent.name === node;

const environmentSymbols = new WeakMap<ts.Symbol, boolean>();

/** A variable or parameter holding an environment (types asked only of those, once each, to keep the test quick). */
function isEnvironmentValue(checker: ts.TypeChecker, node: ts.Identifier): boolean {
  const symbol = checker.getSymbolAtLocation(node);
  const declaration = symbol?.valueDeclaration;
  if (symbol === undefined || declaration === undefined || !(ts.isVariableDeclaration(declaration) || ts.isParameter(declaration)))
    return false;
  let environment = environmentSymbols.get(symbol);
  if (environment === undefined) environmentSymbols.set(symbol, (environment = isEnvironmentType(checker.getTypeOfSymbol(symbol))));
  return environment;
}

/** The project modules a module imports (statically, by `export … from`, or by `import()` of a literal). */
function importedModules(source: ts.SourceFile): string[] {
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      specifiers.push(node.moduleSpecifier.text);
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      specifiers.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(projectRoot, resolve(dirname(source.fileName), specifier)));
}

describe('entry points read their configuration through platform/env.ts', () => {
  it('covers the gateway, the subgraphs, the scripts and the benches', () => {
    const covered = modules.map((file) => relative(projectRoot, file));
    expect(covered).toEqual(
      expect.arrayContaining([
        'gateway/index.ts',
        'gateway/config.ts',
        'subgraphs/shared/run.ts',
        'scripts/start.ts',
        'scripts/token.ts',
        'bench/gateways/peers/apollo-default.ts',
      ]),
    );
  });

  it('leaves reading a variable of the environment to platform/env.ts', () => {
    const reads = projectSources()
      .filter((source) => source.fileName !== readersModule)
      .flatMap((source) => configurationReadsIn(checker, source));
    expect(reads).toEqual([]);
  });

  it('finds the reads it forbids, and lets through handing on, spreading and setting a child’s variables', () => {
    const probe = ts.createSourceFile(
      join(projectRoot, 'probe.ts'),
      `import { spawn } from 'node:child_process';
       import { readPort } from './platform/env.js';
       declare function fromEnv(env: NodeJS.ProcessEnv): void;
       export function probe(env: NodeJS.ProcessEnv = process.env): void {
         readPort(env, 'PORT', 0);
         fromEnv({ ...process.env, LOG_LEVEL: 'info' });
         spawn('node', [], { env: { ...env, PORT: '0' } });
         const child: NodeJS.ProcessEnv = { ...process.env };
         child.PORT = '1';
         console.log(process.env.HOST, env['PORT'], Object.keys(env), child.PORT);
         const { DATA_DIR } = process.env;
         const copy = { ...env };
         process.env.X = DATA_DIR ?? String(copy);
       }`,
      ts.ScriptTarget.ES2022,
      true,
    );
    const host = projectOnlyHost();
    const probing = ts.createProgram({
      rootNames: [probe.fileName, readersModule],
      options: compilerOptions,
      host: { ...host, getSourceFile: (file, target) => (file === probe.fileName ? probe : host.getSourceFile(file, target)) },
      // Node's types parsed once.
      oldProgram: program,
    });
    const reads = configurationReadsIn(probing.getTypeChecker(), probing.getSourceFile(probe.fileName)!).map((read) =>
      read.replace(/^probe\.ts:\d+: /, ''),
    );
    expect(reads).toEqual([
      'process.env.HOST',
      "env['PORT']",
      'Object.keys(env)',
      'child.PORT',
      '{ DATA_DIR } = process.env',
      '...env',
      'process.env.X',
    ]);
  });
});

describe('platform/', () => {
  it('imports nothing from subgraphs/ or gateway/', () => {
    const imports = projectSources()
      .filter((source) => relative(projectRoot, source.fileName).startsWith(`platform${sep}`))
      .flatMap((source) => importedModules(source).map((imported) => `${relative(projectRoot, source.fileName)} → ${imported}`))
      .filter((edge) => /→ (subgraphs|gateway)\//.test(edge));
    expect(imports).toEqual([]);
  });
});
