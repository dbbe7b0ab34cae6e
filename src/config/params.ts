/**
 * Expansion of a features config into one config per parameter set: `params_product` (cartesian,
 * the last key varying fastest, suffixes `_i_j`) then `params_zip` (suffix `__k`), BlueETL's way.
 */
import type { FeaturesConfig } from "./model.ts";

type Params = Record<string, unknown>;

export function expandFeatures(configs: FeaturesConfig[], where: string, fail: (message: string) => never): FeaturesConfig[] {
  return configs.flatMap((config, i) => expandOne(config, `${where}[${i}]`, fail));
}

function expandOne(config: FeaturesConfig, where: string, fail: (message: string) => never): FeaturesConfig[] {
  let sets: Array<{ params: Params; suffix: string }> = [{ params: config.params, suffix: "" }];
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
      })),
    );
  }
  return sets.map(({ params, suffix }) => ({
    ...clone(config),
    params,
    params_product: {},
    params_zip: {},
    suffix: config.suffix + suffix,
  }));
}

function cartesian<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((item) => [...prefix, item])), [[]]);
}

function clone<T>(value: T): T {
  return value === undefined ? value : (structuredClone(value) as T);
}
