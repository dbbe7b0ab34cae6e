import type { Row } from "../frame/index.ts";

/** A features computation that cannot be done: a bad groupby, a function failing or misbehaving. */
export class FeaturesError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "FeaturesError";
  }
}

/** A group's key as error messages show it: `{simulation_id: 0, neuron_class: "L4_EXC"}`. */
export function describeKey(key: Row): string {
  return `{${Object.entries(key).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ")}}`;
}
