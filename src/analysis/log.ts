/** Where the library reports what it does: nothing by default, warnings on stderr. */

/**
 * A step counted in units (simulations, groups, tables): `done` of `total` units of `step`
 * ("spikes: report"), with what is under way (`detail`, "simulation 3"). A step starts at its
 * first call (with `done` 0) and ends when `done` reaches `total`.
 */
export type Progress = (done: number, total: number, step: string, detail?: string) => void;

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** What `-vv` shows: the details of each step (files written, workers, checks). */
  debug?(message: string): void;
  /** Steps counted in units (simulations, groups); shown by the command line on a terminal. */
  progress?: Progress;
  /** The level this logger shows from (the Python workers log from the same level). */
  level?: LogLevel;
}

export const QUIET_LOGGER: Logger = {
  info: () => {},
  warn: (message) => process.emitWarning(message, { code: "BLUEETL" }),
};

export type LogLevel = "error" | "warning" | "info" | "debug";

/** Lines on stderr in BlueETL's format: information from level `info`, warnings from level `warning`. */
export function stderrLogger(level: LogLevel): Logger {
  const write = (name: string) => (message: string) => void process.stderr.write(`${logLine(name, message)}\n`);
  const from = (shown: LogLevel) => LEVELS.indexOf(level) >= LEVELS.indexOf(shown);
  return {
    info: from("info") ? write("INFO") : () => {},
    warn: from("warning") ? write("WARNING") : () => {},
    debug: from("debug") ? write("DEBUG") : () => {},
    level,
  };
}

const LEVELS: LogLevel[] = ["error", "warning", "info", "debug"];

/**
 * A log record as BlueETL writes it (`%(asctime)s %(levelname)s %(name)s: %(message)s`, the time
 * local, to the millisecond after a comma): `2024-05-01 10:00:00,123 INFO blueetl: message`.
 */
export function logLine(level: string, message: string, time = new Date()): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const date = `${time.getFullYear()}-${two(time.getMonth() + 1)}-${two(time.getDate())}`;
  const clock = `${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())},${String(time.getMilliseconds()).padStart(3, "0")}`;
  return `${date} ${clock} ${level} blueetl: ${message}`;
}

/** The logger with its progress steps named after an analysis ("spikes: report"). */
export function analysisLogger(logger: Logger, analysis: string): Logger {
  const { progress } = logger;
  return progress ? { ...bound(logger), progress: (done, total, step, detail) => progress(done, total, `${analysis}: ${step}`, detail) } : logger;
}

function bound(logger: Logger): Logger {
  const out: Logger = { info: (m) => logger.info(m), warn: (m) => logger.warn(m) };
  if (logger.debug) out.debug = (m) => logger.debug!(m);
  if (logger.level) out.level = logger.level;
  return out;
}
