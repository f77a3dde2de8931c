/**
 * StringTable: interns strings as small integers (0, 1, 2, … in order of first sight), so step
 * columns hold numbers and each distinct string is kept once.
 */
export class StringTable {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];

  static from(values: readonly string[]): StringTable {
    const table = new StringTable();
    for (const value of values) table.intern(value);
    return table;
  }

  /** The number of the string, adding it when new. */
  intern(value: string): number {
    let n = this.index.get(value);
    if (n === undefined) {
      n = this.list.length;
      this.index.set(value, n);
      this.list.push(value);
    }
    return n;
  }

  /** The number of the string, or -1 when it was never interned. */
  lookup(value: string): number {
    return this.index.get(value) ?? -1;
  }

  get(n: number): string {
    return this.list[n];
  }

  get size(): number {
    return this.list.length;
  }

  /** All strings, by number. Do not change the returned array. */
  get values(): readonly string[] {
    return this.list;
  }
}
