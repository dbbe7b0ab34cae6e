/** Temporary folders for a test process, all removed when it exits. */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let root: string | undefined;
let count = 0;

export function tempDir(name: string): string {
  if (!root) {
    const dir = mkdtempSync(join(tmpdir(), "blueetl-test-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    root = dir;
  }
  const dir = join(root, `${name}-${count++}`);
  mkdirSync(dir);
  return dir;
}
