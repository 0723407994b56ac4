/** Counts by label (intent, hand-off reason); stored as a JSON object per edge and hour. */
export type CountMap = Map<string, number>;

export function bumpCount(map: CountMap, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** `Object.fromEntries` defines own properties, so a label such as `__proto__` stays a label. */
export const countsJson = (map: CountMap): string =>
  map.size === 0 ? '{}' : JSON.stringify(Object.fromEntries(map));

/** Adds a stored JSON count map into `target`; anything but numbers is ignored. */
export function addCountsJson(target: CountMap, json: string): void {
  if (json === '{}') return;
  const parsed = JSON.parse(json) as Record<string, unknown>;
  for (const key of Object.keys(parsed)) {
    const value = parsed[key];
    if (typeof value === 'number') bumpCount(target, key, value);
  }
}

/** The SQL function an upsert merges two stored count maps with. */
export function sumCountsJson(stored: string, added: string): string {
  if (added === '{}') return stored;
  if (stored === '{}') return added;
  const sum: CountMap = new Map();
  addCountsJson(sum, stored);
  addCountsJson(sum, added);
  return countsJson(sum);
}

/** Largest first; ties by label, so the same figures always list the same way. */
export function rankCounts(map: CountMap, limit?: number): { key: string; count: number }[] {
  const ranked = [...map].map(([key, count]) => ({ key, count }));
  ranked.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return limit === undefined ? ranked : ranked.slice(0, limit);
}
