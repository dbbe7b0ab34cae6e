/**
 * An error as the command prints it: its message; with `-v` the frames of the user's own code
 * (a feature or trial steps function, its module) from the error and its causes; with `-vv` every
 * frame. Without `-v`, a line says that there are frames of the user's code to see.
 */
import { fileURLToPath } from "node:url";

/** The folder of this package: its `src/`, `dist/`, `bin/` and `node_modules/` are ours, not the user's. */
const ROOT = fileURLToPath(import.meta.url).replace(/\/(src|dist)\/.*$/, "/");

export function describeError(error: unknown, verbosity: number): string {
  const message = error instanceof Error ? error.message : String(error);
  const chain = causes(error);
  if (verbosity >= 2) {
    const stacks = chain.map((e, i) => `${i === 0 ? "" : "caused by: "}${e.stack ?? e.message}`);
    return [message, ...stacks].join("\n");
  }
  const frames = [...new Set(chain.flatMap((e) => stackFrames(e).filter(isUsers)))];
  if (frames.length === 0) return message;
  if (verbosity < 1) return `${message}\n(-v shows where in your code: ${frames.length} frame${frames.length > 1 ? "s" : ""} of ${files(frames)})`;
  return [message, "in your code:", ...frames.map((f) => `    at ${f}`)].join("\n");
}

/** The error and its causes, outermost first. */
function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e = error; e instanceof Error && !chain.includes(e); e = e.cause) chain.push(e);
  return chain;
}

/** The frames of a stack (`fn (file:line:column)` or `file:line:column`), a module's query string dropped. */
function stackFrames(error: Error): string[] {
  return (error.stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.replace(/^\s+at /, "").replace(/\?mtime=[\d.]+/, "").replace(/file:\/\//, ""));
}

function isUsers(frame: string): boolean {
  const file = locationOf(frame);
  if (!file || !file.startsWith("/")) return false; // node:internal, <anonymous>, native
  return !(file.startsWith(`${ROOT}src/`) || file.startsWith(`${ROOT}dist/`) || file.startsWith(`${ROOT}bin/`) || file.includes("/node_modules/"));
}

function locationOf(frame: string): string | undefined {
  const inner = /\(([^()]+)\)$/.exec(frame)?.[1] ?? frame;
  return /^(.*?)(:\d+){1,2}$/.exec(inner)?.[1];
}

function files(frames: string[]): string {
  const names = [...new Set(frames.map((f) => locationOf(f)!.split("/").pop()!))];
  return names.join(", ");
}
