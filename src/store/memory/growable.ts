/** Typed-array growth with capacity doubling, for the memory store's columns. */

export type Column = Float64Array | Int32Array | Int8Array;

/** A copy of `column` with room for at least `needed` values (capacity doubles), or `column` itself. */
export function withCapacity<C extends Column>(column: C, needed: number): C {
  if (needed <= column.length) return column;
  let capacity = Math.max(16, column.length);
  while (capacity < needed) capacity *= 2;
  const Ctor = column.constructor as new (length: number) => C;
  const grown = new Ctor(capacity);
  grown.set(column);
  return grown;
}
