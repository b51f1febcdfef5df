import type { Principal } from './principal.ts';

/**
 * Verified principals by token, least recently used evicted first (a Map keeps insertion
 * order, so re-inserting on a hit moves the entry to the back). Callers check expiry.
 */
export class PrincipalCache {
  readonly #entries = new Map<string, Principal>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(token: string): Principal | undefined {
    const principal = this.#entries.get(token);
    if (principal === undefined) return undefined;
    this.#entries.delete(token);
    this.#entries.set(token, principal);
    return principal;
  }

  set(token: string, principal: Principal): void {
    if (this.#capacity <= 0) return;
    this.#entries.delete(token);
    this.#entries.set(token, principal);
    if (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }

  delete(token: string): void {
    this.#entries.delete(token);
  }

  get size(): number {
    return this.#entries.size;
  }
}
