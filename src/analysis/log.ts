/** Where the library reports what it does: nothing by default, warnings on stderr. */
export type Progress = (done: number, total: number, message: string) => void;

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** Steps counted in units (simulations, groups); shown by the command line on a terminal. */
  progress?: Progress;
}

export const QUIET_LOGGER: Logger = {
  info: () => {},
  warn: (message) => process.emitWarning(message, { code: "BLUEETL" }),
};

export type LogLevel = "error" | "warning" | "info" | "debug";

/** Lines on stderr: information from level `info`, warnings from level `warning`. */
export function stderrLogger(level: LogLevel): Logger {
  const write = (message: string) => void process.stderr.write(`${message}\n`);
  return {
    info: level === "info" || level === "debug" ? write : () => {},
    warn: level === "error" ? () => {} : (message) => write(`warning: ${message}`),
  };
}
