/**
 * The files a reader has opened, each with its size and modification time taken just before it
 * was first read (or, for a file only tested for existence, whether it existed): whoever keeps
 * results made from them can tell later whether a file changed.
 */
import { nodeFs } from "./node.ts";

/**
 * A file's size and modification time (nanoseconds since the epoch); `{ exists: true }` for a
 * file whose existence only was tested; null when it did not exist.
 */
export type FileStamp = { size: number; mtime: string } | { exists: true } | null;

export class FilesRead {
  private readonly files = new Map<string, FileStamp>();

  /** Note `path`, about to be read, as it is now (unless it was read before). */
  note(path: string): void {
    const known = this.files.get(path);
    if (!known || "exists" in known) this.files.set(path, stampOf(path));
  }

  /** Note whether `path` exists, unless it was noted before. */
  noteExists(path: string): void {
    if (!this.files.has(path)) this.files.set(path, nodeFs().existsSync(path) ? { exists: true } : null);
  }

  /** Every file noted, by path. */
  entries(): Record<string, FileStamp> {
    return Object.fromEntries(this.files);
  }
}

export function stampOf(path: string): FileStamp {
  try {
    const stat = nodeFs().statSync(path, { bigint: true });
    return { size: Number(stat.size), mtime: String(stat.mtimeNs) };
  } catch {
    return null;
  }
}
