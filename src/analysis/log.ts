/** Where the library reports what it does: nothing by default, warnings on stderr. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export const QUIET_LOGGER: Logger = {
  info: () => {},
  warn: (message) => process.emitWarning(message, { code: "BLUEETL" }),
};
