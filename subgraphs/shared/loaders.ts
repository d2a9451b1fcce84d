import DataLoader from 'dataloader';

/**
 * A loader that resolves each key to at most one row: one SQL statement per batch,
 * answered in the order DataLoader asks for.
 */
export function rowLoader<K extends string | number, R>(
  fetch: (keys: readonly K[]) => Promise<readonly R[]>,
  keyOf: (row: R) => K,
): DataLoader<K, R | null> {
  return new DataLoader(async (keys) => {
    const byKey = new Map<K, R>();
    for (const row of await fetch(keys)) byKey.set(keyOf(row), row);
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A loader that resolves each key to its list of rows (a one-to-many relation), one statement per batch. */
export function listLoader<K extends string | number, R>(
  fetch: (keys: readonly K[]) => Promise<readonly R[]>,
  keyOf: (row: R) => K,
): DataLoader<K, R[]> {
  return new DataLoader(async (keys) => {
    const byKey = new Map<K, R[]>(keys.map((key) => [key, []]));
    for (const row of await fetch(keys)) byKey.get(keyOf(row))?.push(row);
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

/**
 * Loaders for fields with arguments: one loader per distinct argument set, made on first use
 * within the request, so that `deployments(from:, to:)` on twenty sectors is still one statement.
 */
export class LoaderFamily<A, K, V> {
  private readonly loaders = new Map<string, DataLoader<K, V>>();
  constructor(private readonly make: (args: A) => DataLoader<K, V>) {}

  load(args: A, key: K): Promise<V> {
    const id = JSON.stringify(args);
    let loader = this.loaders.get(id);
    if (!loader) {
      loader = this.make(args);
      this.loaders.set(id, loader);
    }
    return loader.load(key);
  }
}

/**
 * The row a foreign key names, for a non-null field: a missing one is a broken reference, an
 * internal error (logged with an id, masked to the client), never a null the schema does not allow.
 */
export async function loadReferenced<K, R>(loader: DataLoader<K, R | null>, key: K, what: string): Promise<R> {
  const row = await loader.load(key);
  if (row === null) throw new Error(`${what} ${String(key)} is referred to but does not exist`);
  return row;
}

/** The rows a list of foreign keys names, in order, each as `loadReferenced`. */
export function loadAllReferenced<K, R>(loader: DataLoader<K, R | null>, keys: readonly K[], what: string): Promise<R[]> {
  return Promise.all(keys.map((key) => loadReferenced(loader, key, what)));
}
