/**
 * Frames between Node.js and the worker (the Python side is worker/blueetl_worker/protocol.py):
 * u32 header length, u64 body length (little-endian), a JSON header whose `parts` gives the
 * lengths of the binary parts of the body, then the body.
 */
export interface Frame {
  header: Record<string, unknown>;
  parts: Uint8Array[];
}

const PREFIX = 12;

export function encodeFrame(header: Record<string, unknown>, parts: readonly ArrayBufferView[] = []): Buffer[] {
  const json = Buffer.from(JSON.stringify({ ...header, parts: parts.map((p) => p.byteLength) }));
  const prefix = Buffer.alloc(PREFIX);
  prefix.writeUInt32LE(json.length, 0);
  prefix.writeBigUInt64LE(BigInt(parts.reduce((n, p) => n + p.byteLength, 0)), 4);
  return [prefix, json, ...parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))];
}

/** Frames out of a byte stream that arrives in chunks of any size. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** The frames completed by this chunk. */
  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    for (;;) {
      if (this.buffered < PREFIX) break;
      const prefix = this.peek(PREFIX);
      const headerLength = prefix.readUInt32LE(0);
      const bodyLength = Number(prefix.readBigUInt64LE(4));
      if (this.buffered < PREFIX + headerLength + bodyLength) break;
      const bytes = this.take(PREFIX + headerLength + bodyLength);
      const header = JSON.parse(bytes.toString("utf8", PREFIX, PREFIX + headerLength)) as Record<string, unknown>;
      const parts: Uint8Array[] = [];
      let at = PREFIX + headerLength;
      for (const length of (header["parts"] as number[] | undefined) ?? []) {
        parts.push(bytes.subarray(at, at + length));
        at += length;
      }
      frames.push({ header, parts });
    }
    return frames;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!.subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return all.subarray(0, n);
  }
}
