/**
 * `node_sets.json` with libsonata's semantics: a basic node set is the AND of its clauses, a
 * compound one (a list of names) is the union of the sets it names. Checked when parsed, so a
 * bad file fails on load, not deep inside an extraction.
 */
import { SonataError } from "./errors.ts";
import { type Json, type JsonObject, isObject, parseJson, readJsonFile } from "./json-config.ts";
import type { NodePopulation } from "./nodes.ts";
import { intersectSorted, selectWhere, sortedUnique, unionSorted } from "./selection.ts";

type Comparison = "$gt" | "$lt" | "$gte" | "$lte";

type Clause =
  | { kind: "population"; names: string[] }
  | { kind: "node_id"; ids: number[] }
  | { kind: "values"; attribute: string; values: number[] | string[] }
  | { kind: "nothing" }
  | { kind: "regex"; attribute: string; pattern: RegExp }
  | { kind: "compare"; attribute: string; op: Comparison; value: number };

type NodeSet = { kind: "basic"; clauses: Clause[] } | { kind: "compound"; targets: string[] };

const COMPARISONS: Record<Comparison, (v: number, x: number) => boolean> = {
  $gt: (v, x) => v > x,
  $lt: (v, x) => v < x,
  $gte: (v, x) => v >= x,
  $lte: (v, x) => v <= x,
};

export class NodeSets {
  private constructor(
    private readonly sets: ReadonlyMap<string, NodeSet>,
    /** Where each set was defined, for error messages. */
    private readonly sources: ReadonlyMap<string, string>,
  ) {}

  static fromFile(path: string): NodeSets {
    return NodeSets.parse(readJsonFile(path), path);
  }

  /** Parse node sets from JSON text or an already parsed object; `source` names it in errors. */
  static parse(content: string | Json, source = "node sets"): NodeSets {
    const json = typeof content === "string" ? parseJson(content, source) : content;
    if (!isObject(json)) throw new SonataError("the node sets must be a JSON object", source);
    const sets = new Map<string, NodeSet>();
    for (const [name, value] of Object.entries(json)) {
      const set = parseNodeSet(name, value, source);
      if (set) sets.set(name, set);
    }
    checkCompounds(sets, source);
    return new NodeSets(sets, new Map([...sets.keys()].map((name) => [name, source])));
  }

  static empty(): NodeSets {
    return new NodeSets(new Map(), new Map());
  }

  /** Node set names, sorted. */
  get names(): string[] {
    return [...this.sets.keys()].sort();
  }

  has(name: string): boolean {
    return this.sets.has(name);
  }

  /** These node sets with `other`'s added; a name defined in both takes `other`'s definition. */
  merge(other: NodeSets): NodeSets {
    return new NodeSets(new Map([...this.sets, ...other.sets]), new Map([...this.sources, ...other.sources]));
  }

  /** Sorted, unique ids of the nodes of `population` in the node set `name`. */
  materialize(name: string, population: NodePopulation): Uint32Array {
    const set = this.sets.get(name);
    if (!set) {
      const where = [...new Set(this.sources.values())].join(", ") || "no node sets file";
      throw new SonataError(`unknown node set '${name}' (looked in ${where})`);
    }
    if (set.kind === "compound") {
      return set.targets.reduce<Uint32Array>(
        (ids, target) => unionSorted(ids, this.materialize(target, population)),
        new Uint32Array(0),
      );
    }
    let ids = population.selectAll();
    for (const clause of set.clauses) {
      ids = intersectSorted(ids, materializeClause(clause, name, population, this.sources.get(name)));
    }
    return ids;
  }
}

function parseNodeSet(name: string, value: Json, source: string): NodeSet | undefined {
  if (Array.isArray(value)) {
    if (!value.every((v) => typeof v === "string")) {
      throw new SonataError(`compound node set '${name}' must list node set names (strings)`, source);
    }
    return { kind: "compound", targets: value as string[] };
  }
  if (!isObject(value)) {
    throw new SonataError(
      `node set '${name}' must be an object or a list of names, got ${JSON.stringify(value)}`,
      source,
    );
  }
  // libsonata ignores an empty object: the name stays undefined.
  if (Object.keys(value).length === 0) return undefined;
  const clauses = Object.entries(value).map(([key, v]) => parseClause(name, key, v, source));
  return { kind: "basic", clauses };
}

function parseClause(set: string, key: string, value: Json, source: string): Clause {
  const fail = (message: string): never => {
    throw new SonataError(`node set '${set}', key '${key}': ${message}`, source);
  };
  if (isObject(value)) return parseOperator(key, value, fail);
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) return { kind: "nothing" };
  const first = values[0];
  if (typeof first === "number") {
    if (key === "population") fail("'population' must be a string or a list of strings");
    const numbers = values.map((v) => integerOf(v, fail));
    if (key === "node_id") {
      if (numbers.some((n) => n < 0)) fail("node ids must be non-negative");
      return { kind: "node_id", ids: numbers };
    }
    return { kind: "values", attribute: key, values: numbers };
  }
  if (typeof first === "string") {
    if (key === "node_id") fail("'node_id' must be a number or a list of numbers");
    if (!values.every((v) => typeof v === "string")) fail("a list must hold only strings or only numbers");
    const strings = values as string[];
    if (key === "population") return { kind: "population", names: strings };
    return { kind: "values", attribute: key, values: strings };
  }
  return fail(`unsupported value ${JSON.stringify(value)}: expected numbers, strings or an operator`);
}

function parseOperator(key: string, value: JsonObject, fail: (message: string) => never): Clause {
  const entries = Object.entries(value);
  if (entries.length !== 1) fail("an operator object must have exactly one key, e.g. {\"$regex\": \"...\"}");
  const [op, operand] = entries[0]!;
  if (typeof operand === "number") {
    if (!(op in COMPARISONS)) fail(`operator '${op}' is not available for numbers: use $gt, $lt, $gte or $lte`);
    return { kind: "compare", attribute: key, op: op as Comparison, value: operand };
  }
  if (typeof operand === "string") {
    if (op !== "$regex") fail(`operator '${op}' is not available for strings: use $regex`);
    try {
      return { kind: "regex", attribute: key, pattern: new RegExp(operand) };
    } catch (error) {
      return fail(`invalid regular expression: ${(error as Error).message}`);
    }
  }
  return fail(`unknown operator ${JSON.stringify(value)}`);
}

function integerOf(value: Json, fail: (message: string) => never): number {
  if (typeof value !== "number") return fail("a list must hold only numbers or only strings");
  if (!Number.isInteger(value)) return fail(`expected an integer, got ${value}`);
  return value;
}

/** Every name a compound set refers to must exist, and no compound may contain itself. */
function checkCompounds(sets: Map<string, NodeSet>, source: string): void {
  const done = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    if (done.has(name)) return;
    const set = sets.get(name);
    if (set?.kind !== "compound") return;
    if (path.includes(name)) {
      throw new SonataError(`compound node set '${name}' contains itself: ${[...path, name].join(" -> ")}`, source);
    }
    for (const target of set.targets) {
      if (!sets.has(target)) {
        throw new SonataError(`compound node set '${name}' refers to '${target}', which is not defined`, source);
      }
      visit(target, [...path, name]);
    }
    done.add(name);
  };
  for (const name of sets.keys()) visit(name, []);
}

function materializeClause(
  clause: Clause,
  set: string,
  population: NodePopulation,
  source: string | undefined,
): Uint32Array {
  const fail = (attribute: string, message: string): never => {
    throw new SonataError(
      `node set '${set}': attribute '${attribute}' of population '${population.name}' ${message}`,
      source,
    );
  };
  switch (clause.kind) {
    case "nothing":
      return new Uint32Array(0);
    case "population":
      return clause.names.includes(population.name) ? population.selectAll() : new Uint32Array(0);
    case "node_id":
      return sortedUnique(clause.ids.filter((id) => id < population.size));
    case "values":
      return matchValues(clause.attribute, clause.values, population, fail);
    case "regex":
      return matchStrings(clause.attribute, (v) => clause.pattern.test(v), population, fail);
    case "compare": {
      const kind = population.hasAttribute(clause.attribute) ? population.attributeKind(clause.attribute) : undefined;
      if (kind !== "integer" && kind !== "float") fail(clause.attribute, `must be numeric for ${clause.op}`);
      const values = population.getAttribute(clause.attribute) as ArrayLike<number | bigint>;
      const compare = COMPARISONS[clause.op];
      return selectWhere(values.length, (i) => compare(Number(values[i]), clause.value));
    }
  }
}

function matchValues(
  attribute: string,
  wanted: number[] | string[],
  population: NodePopulation,
  fail: (attribute: string, message: string) => never,
): Uint32Array {
  if (typeof wanted[0] === "string") {
    const set = new Set(wanted as string[]);
    return matchStrings(attribute, (v) => set.has(v), population, fail);
  }
  const kind = kindOf(attribute, population, fail);
  if (kind === "enumeration") fail(attribute, "is an @library enumeration: match it with strings, not numbers");
  if (kind === "float") fail(attribute, "is floating point: exact comparison is not supported (use $gt, $lt...)");
  if (kind === "string") fail(attribute, "holds strings: match it with strings, not numbers");
  const set = new Set(wanted as number[]);
  const values = population.getAttribute(attribute) as ArrayLike<number | bigint>;
  return selectWhere(values.length, (i) => set.has(Number(values[i])));
}

/** Nodes whose string (or @library) attribute satisfies `test`, testing each distinct value once. */
function matchStrings(
  attribute: string,
  test: (value: string) => boolean,
  population: NodePopulation,
  fail: (attribute: string, message: string) => never,
): Uint32Array {
  const kind = kindOf(attribute, population, fail);
  if (kind === "enumeration") {
    const { codes, values } = population.getEnumeration(attribute);
    const wanted = values.map(test);
    if (!wanted.includes(true)) return new Uint32Array(0);
    return selectWhere(codes.length, (i) => wanted[codes[i]!]!);
  }
  if (kind !== "string") fail(attribute, `holds ${kind} values: it cannot be matched with strings`);
  const values = population.getAttribute(attribute) as string[];
  return selectWhere(values.length, (i) => test(values[i]!));
}

function kindOf(
  attribute: string,
  population: NodePopulation,
  fail: (attribute: string, message: string) => never,
) {
  if (!population.hasAttribute(attribute)) fail(attribute, "does not exist");
  return population.attributeKind(attribute);
}
