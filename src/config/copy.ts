/** Configs written back as YAML, and copied elsewhere (BlueETL's `copy_config`). */
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import YAML from "yaml";
import { isPlainObject } from "../frame/index.ts";
import { ConfigError } from "./errors.ts";
import { readConfigYaml } from "./load.ts";

/** YAML as BlueETL writes configs: keys in their order, collections of scalars in flow style. */
export function dumpConfigYaml(config: Record<string, unknown>): string {
  const document = new YAML.Document(config);
  YAML.visit(document, {
    Map: (_, node) => void (node.flow = node.items.every((pair) => YAML.isScalar(pair.value))),
    Seq: (_, node) => void (node.flow = node.items.every((item) => YAML.isScalar(item))),
  });
  return document.toString({ flowCollectionPadding: false, lineWidth: 0 });
}

/**
 * Copy an analysis config to `destination`, its `simulation_campaign` made absolute (resolved
 * from the source's folder) so that the copy runs from its new place; the cache path stays as
 * written. Comments are not kept.
 */
export function copyConfig(source: string, destination: string): void {
  const config = readConfigYaml(source);
  if (!isPlainObject(config) || typeof config["simulation_campaign"] !== "string") {
    throw new ConfigError("expected a mapping with a 'simulation_campaign' path", source);
  }
  config["simulation_campaign"] = resolve(dirname(resolve(source)), config["simulation_campaign"]);
  writeFileSync(destination, dumpConfigYaml(config));
}
