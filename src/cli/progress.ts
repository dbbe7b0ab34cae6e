/**
 * What the command line writes on stderr: progress bars on a terminal only, log records in
 * BlueETL's format (warnings; information with `-v`, details with `-vv`), errors. Nothing below
 * the command line knows the terminal.
 */
import { type LogLevel, type Logger, type Progress, logLine } from "../analysis/index.ts";

const WIDTH = 20;
/** Redraws of a bar at most this often (ms); its clock is also redrawn this often while the step waits. */
const REDRAW = 100;
const TICK = 500;

interface Step {
  name: string;
  started: number;
  done: number;
  total: number;
  detail: string;
}

export class Terminal {
  private step: Step | undefined;
  private barShown = false;
  private drawn = 0;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    /** -1 quiet, 0 warnings and progress, 1 information, 2 details. */
    readonly verbosity = 0,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** The bar of a step, its clock from the step's first call; none when stderr is not a terminal. */
  readonly progress: Progress = (done, total, name, detail = "") => {
    if (!this.stream.isTTY || this.verbosity < 0) return;
    const now = performance.now();
    if (!this.step || this.step.name !== name || this.step.done >= this.step.total) {
      if (this.barShown) this.stream.write("\n");
      this.barShown = false;
      this.step = { name, started: now, done, total, detail };
    } else Object.assign(this.step, { done, total, detail });
    if (done >= total) {
      this.draw(now);
      this.stream.write("\n");
      this.barShown = false;
      this.stopTicking();
    } else if (now - this.drawn >= REDRAW || !this.barShown) {
      this.draw(now);
      this.startTicking();
    }
  };

  debug(message: string): void {
    if (this.verbosity >= 2) this.line(logLine("DEBUG", message));
  }

  info(message: string): void {
    if (this.verbosity >= 1) this.line(logLine("INFO", message));
  }

  warn(message: string): void {
    if (this.verbosity >= 0) this.line(logLine("WARNING", message));
  }

  /** An error of the command: its own line, whatever the verbosity. */
  error(message: string): void {
    this.line(`blueetl: ${message}`);
  }

  get level(): LogLevel {
    return (["error", "warning", "info", "debug"] as const)[Math.min(this.verbosity + 1, 3)]!;
  }

  get logger(): Logger {
    return { info: (m) => this.info(m), warn: (m) => this.warn(m), debug: (m) => this.debug(m), progress: this.progress, level: this.level };
  }

  /** A line above the bar under way, which is drawn again below it. */
  private line(text: string): void {
    if (this.barShown) this.stream.write("\r\x1b[K");
    this.stream.write(`${text}\n`);
    if (this.barShown) this.draw(performance.now());
  }

  private draw(now: number): void {
    const step = this.step!;
    this.drawn = now;
    const elapsed = (now - step.started) / 1000;
    const filled = Math.min(WIDTH, Math.round((WIDTH * step.done) / Math.max(step.total, 1)));
    const eta = step.done > 0 && step.done < step.total ? `, ETA ${duration((elapsed * (step.total - step.done)) / step.done)}` : "";
    const detail = step.detail && step.done < step.total ? ` (${step.detail})` : "";
    // The figures first: a line cut to the terminal's width keeps them.
    const line = `[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${count(step.done)}/${count(step.total)} ${duration(elapsed)}${eta} ${step.name}${detail}`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns || 100) - 1)}\x1b[K`);
    this.barShown = true;
  }

  /** While a step waits (a worker thread, a Python worker), its clock goes on. */
  private startTicking(): void {
    this.ticker ??= setInterval(() => this.step && this.barShown && this.draw(performance.now()), TICK).unref();
  }

  private stopTicking(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }
}

/** Seconds as `4.2s`, `1m05s`, `1h02m`. */
function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** A count as `950`, `12.3k`, `4.2M`. */
function count(n: number): string {
  if (n < 10000) return String(n);
  return n < 1e6 ? `${(n / 1e3).toFixed(1)}k` : n < 1e9 ? `${(n / 1e6).toFixed(1)}M` : `${(n / 1e9).toFixed(1)}G`;
}
