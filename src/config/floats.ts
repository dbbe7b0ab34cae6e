/**
 * Numbers written as floats in the YAML (`1.0`), which JavaScript cannot tell from integers once
 * parsed: their paths, kept beside the configs (never in their dumps or checksums) for the Python
 * functions, which get `1.0` where BlueETL gives them `1.0`.
 */
import YAML from "yaml";

export type ValuePath = Array<string | number>;

/** The paths of the integral numbers written with a fraction or an exponent, JSON-encoded. */
export function floatLiterals(doc: YAML.Document, text: string): Set<string> {
  const out = new Set<string>();
  const visit = (node: unknown, path: ValuePath): void => {
    if (YAML.isMap(node)) {
      for (const pair of node.items) visit(pair.value, [...path, String(YAML.isScalar(pair.key) ? pair.key.value : pair.key)]);
    } else if (YAML.isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...path, i]));
    } else if (YAML.isScalar(node) && typeof node.value === "number" && Number.isInteger(node.value) && node.range) {
      if (/[.eE]/.test(text.slice(node.range[0], node.range[1]))) out.add(JSON.stringify(path));
    }
  };
  visit(doc.contents, []);
  return out;
}

/** The float paths under `prefix`, relative to it. */
export function floatsUnder(floats: ReadonlySet<string> | undefined, prefix: ValuePath): ValuePath[] {
  if (!floats) return [];
  const out: ValuePath[] = [];
  for (const encoded of floats) {
    const path = JSON.parse(encoded) as ValuePath;
    if (path.length > prefix.length && prefix.every((p, i) => path[i] === p)) out.push(path.slice(prefix.length));
  }
  return out;
}

const FLOAT_PARAMS = new WeakMap<object, ValuePath[]>();

/** Record the float paths of a features config's params, or of a trial steps config. */
export function setFloatParams(config: object, paths: ValuePath[]): void {
  if (paths.length > 0) FLOAT_PARAMS.set(config, paths);
}

/** The paths, in a features config's `params` (or in a trial steps config), of numbers written as floats. */
export function floatParams(config: object): ValuePath[] {
  return FLOAT_PARAMS.get(config) ?? [];
}
