/**
 * Stable JSON for reports, the CLI's `--json` and the API: the same result always
 * serialises to the same bytes. Object keys are emitted in sorted order (so output
 * does not depend on how a result object was built), typed arrays become plain
 * arrays, Maps become objects, Sets become arrays, bigints become decimal strings,
 * and non-finite numbers become null (JSON has no NaN; the engine uses NaN for
 * "missing", which is what null means in the dataset's JSON form).
 */

/** A JSON-safe copy of one value, for `JSON.stringify`'s replacer (called top-down, per value). */
function jsonSafe(this: unknown, _key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number' && !Number.isFinite(value)) return null;
    return value;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    // Float64Array NaN → null happens when each element is visited afterwards.
    return Array.from(value as unknown as ArrayLike<number | bigint>);
  }
  if (Array.isArray(value)) return value;
  if (value instanceof Map) return sortedObject(Object.fromEntries(Array.from(value, ([k, v]) => [String(k), v])));
  if (value instanceof Set) return Array.from(value);
  return sortedObject(value as Record<string, unknown>);
}

function sortedObject(o: Record<string, unknown>): Record<string, unknown> {
  // No prototype: a data key named "__proto__" (JSON.parse makes it an own key) stays a key.
  const out: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

/**
 * Stable JSON text of a value. `indent` as in JSON.stringify (default 2, 0 = compact).
 * Throws TypeError on cycles, like JSON.stringify.
 */
export function stableJson(value: unknown, indent = 2): string {
  const text = JSON.stringify(value, jsonSafe, indent === 0 ? undefined : indent);
  // JSON.stringify returns undefined for undefined / functions at the top level.
  return text ?? 'null';
}

/** The plain JSON value `stableJson` would print (parsed back), for callers that embed it. */
export function toJsonValue(value: unknown): unknown {
  return JSON.parse(stableJson(value, 0));
}
