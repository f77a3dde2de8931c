/**
 * Finds every number in a value that is NaN or ±Infinity, walking objects, arrays, maps and sets.
 * Returns their JSON-like paths (`$.leaves[2].evidence.gain`), so a failing assertion says where.
 */
export function nonFiniteNumbers(value: unknown, path = '$', seen = new Set<object>()): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (value === null || typeof value !== 'object') return [];
  if (seen.has(value)) return [];
  seen.add(value);
  const found: string[] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => found.push(...nonFiniteNumbers(v, `${path}[${i}]`, seen)));
  } else if (value instanceof Map) {
    for (const [k, v] of value) found.push(...nonFiniteNumbers(v, `${path}.get(${String(k)})`, seen));
  } else if (value instanceof Set) {
    let i = 0;
    for (const v of value) found.push(...nonFiniteNumbers(v, `${path}{${i++}}`, seen));
  } else {
    for (const [k, v] of Object.entries(value)) found.push(...nonFiniteNumbers(v, `${path}.${k}`, seen));
  }
  return found;
}

/** Text fields must not spell out NaN or Infinity either (e.g. "NaN%" in a reason). */
export function textsWithNonFinite(value: unknown, path = '$', seen = new Set<object>()): string[] {
  if (typeof value === 'string') return /NaN|Infinity/.test(value) ? [`${path} = ${JSON.stringify(value)}`] : [];
  if (value === null || typeof value !== 'object') return [];
  if (seen.has(value)) return [];
  seen.add(value);
  const found: string[] = [];
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [`[${i}]`, v])
    : Object.entries(value).map(([k, v]) => [`.${k}`, v]);
  for (const [k, v] of entries) found.push(...textsWithNonFinite(v, `${path}${k}`, seen));
  return found;
}
