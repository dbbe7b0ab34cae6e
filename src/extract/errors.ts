/** An extraction that cannot be done: an empty table, an inconsistent window, a bad report. */
export class ExtractionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ExtractionError";
  }
}

/** BlueETL's check of every extracted table. */
export function checkNotEmpty(length: number, what: string): void {
  if (length === 0) throw new ExtractionError(`No data extracted to ${what}`);
}
