/**
 * The files a reader has opened, each with its size and modification time taken just before it
 * was first read: whoever keeps results made from them can tell later whether a file changed.
 */
import { statSync } from "node:fs";

/** A file's size and modification time (nanoseconds since the epoch), or null when it did not exist. */
export type FileStamp = { size: number; mtime: string } | null;

export class FilesRead {
  private readonly files = new Map<string, FileStamp>();

  /** Note `path` as it is now, unless it was noted before. */
  note(path: string): void {
    if (!this.files.has(path)) this.files.set(path, stampOf(path));
  }

  /** Every file noted, by path. */
  entries(): Record<string, FileStamp> {
    return Object.fromEntries(this.files);
  }
}

export function stampOf(path: string): FileStamp {
  try {
    const stat = statSync(path, { bigint: true });
    return { size: Number(stat.size), mtime: String(stat.mtimeNs) };
  } catch {
    return null;
  }
}
