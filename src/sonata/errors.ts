/** An error in a SONATA file or config. The message starts with the file it is about. */
export class SonataError extends Error {
  readonly file: string | undefined;

  constructor(message: string, file?: string) {
    super(file ? `${file}: ${message}` : message);
    this.name = "SonataError";
    this.file = file;
  }
}
