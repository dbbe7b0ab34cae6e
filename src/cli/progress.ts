/**
 * What the command line writes on stderr: progress bars on a terminal only, information lines
 * with `-v`, warnings unless `-q`. Nothing below the command line knows the terminal.
 */
import type { Logger } from "../analysis/index.ts";

export type ProgressCallback = (done: number, total: number, message: string) => void;

const WIDTH = 24;

export class Terminal {
  private barShown = false;
  private drawn = 0;
  private started = performance.now();
  private step = "";

  constructor(
    /** -1 quiet, 0 warnings and progress, 1 information too. */
    private readonly verbosity = 0,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** A progress bar that redraws at most ten times a second; none when stderr is not a terminal. */
  readonly progress: ProgressCallback = (done, total, message) => {
    if (!this.stream.isTTY || this.verbosity < 0) return;
    const now = performance.now();
    if (message !== this.step) {
      this.step = message;
      this.started = now;
    } else if (done < total && now - this.drawn < 100) return;
    this.drawn = now;
    const filled = Math.round((WIDTH * done) / Math.max(total, 1));
    const seconds = ((now - this.started) / 1000).toFixed(1);
    const line = `[${"#".repeat(filled)}${" ".repeat(WIDTH - filled)}] ${done}/${total} ${seconds}s ${message}`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 100) - 1)}\x1b[K`);
    this.barShown = done < total;
    if (!this.barShown) this.stream.write("\n");
  };

  info(message: string): void {
    if (this.verbosity >= 1) this.line(message);
  }

  warn(message: string): void {
    if (this.verbosity >= 0) this.line(`warning: ${message}`);
  }

  error(message: string): void {
    this.line(`blueetl: ${message}`);
  }

  get logger(): Logger {
    return { info: (m) => this.info(m), warn: (m) => this.warn(m), progress: this.progress };
  }

  private line(text: string): void {
    if (this.barShown) this.stream.write("\r\x1b[K");
    this.barShown = false;
    this.stream.write(`${text}\n`);
  }
}
