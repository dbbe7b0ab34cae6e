/** A cache that cannot be used: locked by another process, read-only, or inconsistent. */
export class CacheError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CacheError";
  }
}
