/**
 * A Storage that keeps its keys under a prefix in localStorage, so GraphiQL's saved tabs do not
 * mix with other pages of the same origin, and "reset" can clear exactly them.
 */
export class PrefixedStorage {
  constructor(
    private readonly prefix: string,
    private readonly backing: Storage = window.localStorage,
  ) {}

  private ownKeys(): string[] {
    const keys: string[] = [];
    for (let i = 0; i < this.backing.length; i++) {
      const key = this.backing.key(i);
      if (key !== null && key.startsWith(this.prefix)) keys.push(key.slice(this.prefix.length));
    }
    return keys;
  }

  get length(): number {
    return this.ownKeys().length;
  }

  key(index: number): string | null {
    return this.ownKeys()[index] ?? null;
  }

  getItem(key: string): string | null {
    return this.backing.getItem(this.prefix + key);
  }

  setItem(key: string, value: string): void {
    this.backing.setItem(this.prefix + key, value);
  }

  removeItem(key: string): void {
    this.backing.removeItem(this.prefix + key);
  }

  /** Removes only this prefix's keys. */
  clear(): void {
    for (const key of this.ownKeys()) this.backing.removeItem(this.prefix + key);
  }
}
