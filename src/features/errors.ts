/** A features computation that cannot be done: a bad groupby, a function failing or misbehaving. */
export class FeaturesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FeaturesError";
  }
}
