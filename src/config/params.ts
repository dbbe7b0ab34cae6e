/**
 * Expansion of a features config into one config per parameter set: `params_product` (cartesian,
 * the last key varying fastest, suffixes `_i_j`) then `params_zip` (suffix `__k`), BlueETL's way.
 */
import { type ValuePath, setFloatParams } from "./floats.ts";
import type { FeaturesConfig } from "./model.ts";

type Params = Record<string, unknown>;
/** A parameter set, and where each of its keys comes from in the features config. */
type ParameterSet = { params: Params; suffix: string; sources: Record<string, ValuePath> };

/** `floatsOf(i)`: the paths of the numbers written as floats in the i-th features config. */
export function expandFeatures(configs: FeaturesConfig[], where: string, fail: (message: string) => never, floatsOf: (i: number) => ValuePath[] = () => []): FeaturesConfig[] {
  return configs.flatMap((config, i) => expandOne(config, `${where}[${i}]`, fail, floatsOf(i)));
}

function expandOne(config: FeaturesConfig, where: string, fail: (message: string) => never, floats: ValuePath[]): FeaturesConfig[] {
  const own = Object.fromEntries(Object.keys(config.params).map((k) => [k, ["params", k]]));
  let sets: ParameterSet[] = [{ params: config.params, suffix: "", sources: own }];
  const product = Object.entries(config.params_product);
  if (product.length > 0) {
    for (const [key, values] of product) {
      if (!Array.isArray(values)) {
        fail(`${where}.params_product.${key}: expected a list of values, got ${JSON.stringify(values)}`);
      }
    }
    sets = sets.flatMap((set) =>
      cartesian(product.map(([key, values]) => (values as unknown[]).map((v, i) => ({ key, v, i })))).map((items) => ({
        params: { ...clone(set.params), ...Object.fromEntries(items.map(({ key, v }) => [key, clone(v)])) },
        suffix: set.suffix + items.map(({ i }) => `_${i}`).join(""),
        sources: { ...set.sources, ...Object.fromEntries(items.map(({ key, i }) => [key, ["params_product", key, i]])) },
      })),
    );
  }
  const zip = Object.entries(config.params_zip);
  if (zip.length > 0) {
    const lengths = new Set(zip.map(([, values]) => (Array.isArray(values) ? values.length : -1)));
    if (lengths.has(-1)) fail(`${where}.params_zip: every value must be a list`);
    if (lengths.size !== 1) fail(`${where}.params_zip: All the zip params must have the same length`);
    const n = [...lengths][0]!;
    sets = sets.flatMap((set) =>
      Array.from({ length: n }, (_, i) => ({
        params: { ...clone(set.params), ...Object.fromEntries(zip.map(([key, values]) => [key, clone((values as unknown[])[i])])) },
        suffix: `${set.suffix}__${i}`,
        sources: { ...set.sources, ...Object.fromEntries(zip.map(([key]) => [key, ["params_zip", key, i]])) },
      })),
    );
  }
  return sets.map(({ params, suffix, sources }) => {
    const expanded = { ...clone(config), params, params_product: {}, params_zip: {}, suffix: config.suffix + suffix };
    setFloatParams(expanded, floatParamsOf(sources, floats));
    return expanded;
  });
}

/** The float paths of a parameter set, in its params. */
function floatParamsOf(sources: Record<string, ValuePath>, floats: ValuePath[]): ValuePath[] {
  return Object.entries(sources).flatMap(([key, source]) =>
    floats.filter((f) => f.length >= source.length && source.every((s, i) => f[i] === s)).map((f) => [key, ...f.slice(source.length)]),
  );
}

function cartesian<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((item) => [...prefix, item])), [[]]);
}

function clone<T>(value: T): T {
  return value === undefined ? value : (structuredClone(value) as T);
}
