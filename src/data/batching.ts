/**
 * The batching the reader's DataLoaders share: results in the order of the keys asked for, and
 * requests grouped by their shape so that one query answers for many ids.
 */

/**
 * The records a loadMany found: those missing (deleted, or hidden from this caller) are left out.
 * An Error in the batch is a failure of the whole request, so it is thrown, not dropped.
 */
export function found<V>(results: ReadonlyArray<V | null | Error>): V[] {
  const error = results.find((r): r is Error => r instanceof Error);
  if (error) throw error;
  return results.filter((r): r is V => r !== null);
}

/** Orders batch results by the keys DataLoader asked for. */
export function byKey<K, V>(keys: readonly K[], found: Map<K, V>, missing: V): V[] {
  return keys.map((key) => found.get(key) ?? missing);
}

/**
 * Batches requests that differ only in the id in `idField` (an entity's, or a history's subject):
 * one query per distinct shape (the rest of the request), answering for all of that shape's ids
 * at once. Distinct shapes (say, a plant's owners and its places) are asked for at the same time.
 */
export async function batchByShape<F extends string, K extends Record<F, string>, V>(
  idField: F,
  requests: readonly K[],
  missing: V,
  run: (shape: Omit<K, F>, ids: string[]) => Promise<Map<string, V>>,
): Promise<V[]> {
  const split = (request: K) => {
    const { [idField]: id, ...shape } = request;
    return { id: id as string, shape: shape as Omit<K, F>, key: JSON.stringify(shape) };
  };
  const groups = new Map<string, { shape: Omit<K, F>; ids: string[] }>();
  for (const { id, shape, key } of requests.map(split)) {
    const group = groups.get(key);
    if (group) group.ids.push(id);
    else groups.set(key, { shape, ids: [id] });
  }
  const answers = await Promise.all([...groups].map(async ([key, { shape, ids }]) => [key, await run(shape, ids)] as const));
  const results = new Map(answers);
  return requests.map(split).map(({ id, key }) => results.get(key)?.get(id) ?? missing);
}
