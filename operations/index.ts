/**
 * The operations clients of the graph are known to send: `operations/<application>/<Name>.graphql`,
 * one named operation per file, named like the file. Tests, the benchmark, the load test, the
 * persisted-query manifest and `npm run schema:check` all read them from here.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Kind, parse, print, type DocumentNode, type OperationTypeNode } from 'graphql';

export type OperationType = `${OperationTypeNode}`;

export interface RegisteredOperation {
  /** The folder under operations/: the application that sends it, e.g. `dashboard`. */
  readonly application: string;
  /** The operation's name, also the file's name. */
  readonly name: string;
  readonly type: OperationType;
  /** The operation as sent and as the manifest holds it: the file printed by graphql-js, comments dropped. */
  readonly body: string;
  /** The file as written, comments included (what the README quotes). */
  readonly source: string;
  /** Relative to the project's root, e.g. `operations/dashboard/SectorPage.graphql`. */
  readonly file: string;
  readonly document: DocumentNode;
}

const operationsDir = new URL('./', import.meta.url);

/** A registered file that is not one operation named like itself: the registry refuses to load. */
export class OperationFileError extends Error {
  override readonly name = 'OperationFileError';
}

function readOperation(application: string, fileName: string): RegisteredOperation {
  const file = `operations/${application}/${fileName}`;
  const source = readFileSync(new URL(`${application}/${fileName}`, operationsDir), 'utf8');
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    throw new OperationFileError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const [operation] = operations;
  if (operations.length !== 1 || operation === undefined)
    throw new OperationFileError(`${file}: holds ${operations.length} operations; a file holds one`);
  const expectedName = fileName.replace(/\.graphql$/, '');
  if (operation.name?.value !== expectedName) {
    throw new OperationFileError(
      `${file}: the operation is named ${operation.name ? `"${operation.name.value}"` : 'nothing'}; name it "${expectedName}", like its file`,
    );
  }
  return { application, name: expectedName, type: operation.operation, body: print(document), source, file, document };
}

function loadRegistry(): readonly RegisteredOperation[] {
  const applications = readdirSync(operationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const registered = applications.sort().flatMap((application) =>
    readdirSync(new URL(`${application}/`, operationsDir))
      .filter((fileName) => fileName.endsWith('.graphql'))
      .sort()
      .map((fileName) => readOperation(application, fileName)),
  );
  // One manifest serves every application, and clients send an operation by its name: names must not repeat.
  const byName = new Map<string, RegisteredOperation>();
  for (const operation of registered) {
    const earlier = byName.get(operation.name);
    if (earlier) throw new OperationFileError(`${operation.file}: "${operation.name}" is already the name of ${earlier.file}`);
    byName.set(operation.name, operation);
  }
  return registered;
}

/** Every registered operation, by application then name. */
export const registeredOperations: readonly RegisteredOperation[] = loadRegistry();

/** The applications that have operations registered. */
export const applications: readonly string[] = [...new Set(registeredOperations.map((operation) => operation.application))];

/** One application's registered operations. */
export function operationsOf(application: string): readonly RegisteredOperation[] {
  return registeredOperations.filter((operation) => operation.application === application);
}

/** A registered operation; throws naming what is registered when it is not, so a typo fails at once. */
export function registeredOperation(application: string, name: string): RegisteredOperation {
  const found = registeredOperations.find((operation) => operation.application === application && operation.name === name);
  if (found) return found;
  const known = operationsOf(application).map((operation) => operation.name);
  throw new OperationFileError(
    known.length > 0
      ? `no operation ${name} in operations/${application}/; it has ${known.join(', ')}`
      : `no application ${application} in operations/; there are ${applications.join(', ')}`,
  );
}

/** `<application>/<Name>`, how reports name an operation. */
export const operationLabel = (operation: Pick<RegisteredOperation, 'application' | 'name'>): string =>
  `${operation.application}/${operation.name}`;

export interface PersistedQueryManifest {
  readonly format: 'apollo-persisted-query-manifest';
  readonly version: 1;
  readonly operations: readonly { readonly id: string; readonly name: string; readonly type: OperationType; readonly body: string }[];
}

/** The committed manifest, which `npm run operations:manifest` writes. */
export const manifestFile = new URL('./manifest.json', import.meta.url);

/** Apollo's persisted-query manifest of the registered operations: id is the SHA-256 (hex) of the body, entries sorted by name. */
export function persistedQueryManifest(operations: readonly RegisteredOperation[] = registeredOperations): PersistedQueryManifest {
  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: [...operations]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map(({ name, type, body }) => ({ id: createHash('sha256').update(body).digest('hex'), name, type, body })),
  };
}

/** The manifest as the committed file holds it. */
export const manifestText = (manifest: PersistedQueryManifest = persistedQueryManifest()): string =>
  `${JSON.stringify(manifest, null, 2)}\n`;
