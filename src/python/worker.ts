/**
 * One Python worker process: requests answered one at a time, repository tables sent when the
 * worker asks for them, the user's output passed on to stderr, a death turned into an error.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PythonCallError, PythonError, PythonWorkerDied } from "./errors.ts";
import { type Frame, FrameReader, encodeFrame } from "./protocol.ts";
import type { Interpreter } from "./interpreter.ts";

/** The Python side, beside this module (src/python/, dist/python/), or in dist/python/ from the command line's bundle (dist/bundle/). */
export const WORKER_SCRIPT = basename(import.meta.dirname) === "bundle"
  ? join(import.meta.dirname, "..", "python", "worker", "run.py")
  : join(import.meta.dirname, "worker", "run.py");

export interface Request {
  header: Record<string, unknown>;
  /** Binary parts (typed arrays are sent as their bytes, little-endian on every platform we run on). */
  parts: ArrayBufferView[];
  /** Called as each call starts (features: the group and config, within the request). */
  onCall?: (group: number, config: number) => void;
  /** A repository table the worker needs, as an Arrow IPC stream. */
  table?: (repo: string, name: string) => Uint8Array | undefined;
}

interface Pending {
  request: Request;
  resolve: (frame: Frame) => void;
  reject: (error: Error) => void;
  id?: number;
}

const STDERR_TAIL = 4000;
let workers = 0;

export class PythonWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly reader = new FrameReader();
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private stderrTail = "";
  private exited: string | undefined;
  private closing = false;
  /** Whether it was asked anything but imports (a worker that was not is killed on close). */
  private used = false;
  private readonly exit: Promise<void>;
  /** A file where the worker records the call under way (request, group, config), read when it dies. */
  private readonly marks: string;

  constructor(
    readonly interpreter: Interpreter,
    configFolder: string,
    /** Python's logging level in the worker (unless BLUEETL_SUBPROCESS_LOGGING_LEVEL says), and its task number in log records. */
    logging: { level: string; task: number } = { level: "WARNING", task: 0 },
  ) {
    this.marks = join(tmpdir(), `blueetl-worker-${process.pid}-${++workers}.mark`);
    writeFileSync(this.marks, new Uint8Array(12).fill(255));
    const args = [WORKER_SCRIPT, "serve", configFolder, this.marks, logging.level, String(logging.task)];
    this.child = spawn(interpreter.command, args, { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.on("data", (chunk: Buffer) => {
      try {
        for (const frame of this.reader.push(chunk)) this.receive(frame);
      } catch (error) {
        // Not our frames (something wrote to the protocol's descriptor): the worker cannot go on.
        this.died(`sent what is not a frame (${(error as Error).message})`);
        this.child.kill("SIGKILL");
      }
    });
    this.child.stderr.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
    // Written to after the worker died: the error comes from the exit, not from the pipe.
    this.child.stdin.on("error", () => {});
    this.exit = new Promise((done) => {
      this.child.on("error", (error) => {
        this.died(`could not start ${interpreter.command} (${interpreter.origin}): ${error.message}`);
        done();
      });
      // After the pipes closed: the worker's last output is in the error.
      this.child.on("close", (code, signal) => {
        this.died(signal ? `killed by ${signal}` : `exited with code ${code}`);
        done();
      });
    });
    this.idle();
  }

  /** The worker's answer to one request (its `done` frame); an error for an `error` frame or a death. */
  request(request: Request): Promise<Frame> {
    if (request.header["op"] !== "import") this.used = true;
    if (this.exited) return Promise.reject(new PythonWorkerDied(this.deathMessage(this.exited)));
    return new Promise((resolve, reject) => {
      const pending: Pending = { request, resolve, reject };
      this.queue.push(pending);
      if (this.queue.length === 1) this.start(pending);
    });
  }

  /** End the worker: its input closes, it returns (one started ahead and never used is killed). */
  async close(): Promise<void> {
    if (!this.exited) {
      this.closing = true;
      this.busy();
      if (this.used) this.child.stdin.end();
      else this.child.kill("SIGKILL");
    }
    await this.exit;
  }

  private start(pending: Pending): void {
    this.busy();
    pending.id = this.nextId++;
    this.write(encodeFrame({ ...pending.request.header, id: pending.id }, pending.request.parts));
  }

  private write(buffers: Buffer[]): void {
    for (const buffer of buffers) this.child.stdin.write(buffer);
  }

  private receive({ header, parts }: Frame): void {
    const pending = this.queue[0];
    if (!pending) return;
    const op = header["op"];
    if (op === "at") {
      pending.request.onCall?.(header["group"] as number, header["config"] as number);
      return;
    }
    if (op === "need") {
      const table = pending.request.table?.(header["repo"] as string, header["table"] as string);
      if (table) this.write(encodeFrame({ op: "table" }, [table]));
      else {
        pending.reject(new PythonError(`the Python worker asked for the table '${String(header["table"])}', which this request has not`));
        this.child.kill();
      }
      return;
    }
    this.queue.shift();
    if (op === "done") pending.resolve({ header, parts });
    else {
      const kind = header["kind"] === "result" ? "result" : "call";
      const detail = header["kind"] === "internal" ? `an error in the worker of blueetl: ${String(header["message"])}` : String(header["message"]);
      pending.reject(new PythonCallError(kind, detail, header["group"] as number | undefined, header["config"] as number | undefined));
    }
    const next = this.queue[0];
    if (next) this.start(next);
    else this.idle();
  }

  private died(how: string): void {
    if (this.exited) return;
    this.exited = how;
    const [request, group, config] = this.lastCall();
    for (const pending of this.queue.splice(0)) {
      const at = pending.id !== undefined && pending.id === request;
      pending.reject(new PythonWorkerDied(this.deathMessage(how), at ? group : undefined, at ? config : undefined));
    }
    rmSync(this.marks, { force: true });
  }

  private lastCall(): [number, number, number] {
    try {
      const marks = new Int32Array(new Uint8Array(readFileSync(this.marks)).buffer, 0, 3);
      return [marks[0]!, marks[1]!, marks[2]!];
    } catch {
      return [-1, -1, -1];
    }
  }

  private deathMessage(how: string): string {
    const tail = this.stderrTail.trim().split("\n").slice(-12).join("\n");
    return `the Python worker (${this.interpreter.command}, pid ${this.child.pid ?? "none"}) ${how}${tail ? `; its last output:\n${tail}` : ""}`;
  }

  /** While idle, the worker does not keep Node.js running (while closing, it does until it exits). */
  private idle(): void {
    if (this.closing) return;
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
  }

  private busy(): void {
    this.child.ref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) (stream as unknown as { ref?: () => void }).ref?.();
  }
}
