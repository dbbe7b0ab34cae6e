/**
 * The tutorial in TypeScript (examples/tutorial.ts) prints what BlueETL's documentation page
 * "Features basics" shows (../shared/spec/tutorial-python.txt): the same names, the same rows
 * of every table shown, the same attrs, the same files in the working folder.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { NEEDS_SHARED, SHARED } from "../shared.ts";

const ROOT = join(import.meta.dirname, "..", "..");

/** The sections of our output, by the expression after `>>> `. */
function ourSections(output: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of output.split("\n")) {
    if (line.startsWith(">>> ")) sections.set(line.slice(4), (current = []));
    else current.push(line);
  }
  return sections;
}

/** The lines of the Python page after the line `code`, up to the first line matching `end`. */
function pythonBlock(page: string[], code: string, end: RegExp): string[] {
  const start = page.indexOf(code);
  assert.ok(start >= 0, `'${code}' not on the page`);
  const rest = page.slice(start + 1);
  return rest.slice(0, rest.findIndex((l) => end.test(l)));
}

/** Data rows of a Markdown table of the page, as cells (header, separator and index-name rows dropped). */
function markdownRows(lines: string[], indexNames: string[] = []): string[][] {
  const rows = lines.filter((l) => l.startsWith("|")).map((l) => l.split("|").map((c) => c.trim()).filter((c) => c !== ""));
  return rows.slice(2).filter((cells) => cells.join() !== indexNames.join());
}

/** Data rows of one of our printed tables, as tokens (header, index names line and footer dropped). */
function printedRows(lines: string[], indexNames: string[]): string[][] {
  const rows = lines.slice(1).filter((l) => l.trim() !== "" && !/^\[\d+ rows x \d+ columns\]$/.test(l)).map((l) => l.trim().split(/\s+/));
  return rows.filter((cells) => indexNames.length === 0 || cells.join() !== indexNames.join()).map(dotsRow);
}

/** The row of dots where rows are cut, as one cell: pandas' text has one for all index levels, ".." in narrow columns. */
function dotsRow(cells: string[]): string[] {
  return cells.every((c) => /^\.\.\.?$/.test(c)) ? ["..."] : cells;
}

describe("the tutorial in TypeScript", NEEDS_SHARED, () => {
  test("prints the names, tables, attrs and files of BlueETL's page", () => {
    const run = spawnSync(process.execPath, ["--import", "./bin/register.js", "examples/tutorial.ts"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, "", "logLevel error: nothing on stderr");
    const ours = ourSections(run.stdout);
    const page = readFileSync(join(SHARED, "spec", "tutorial-python.txt"), "utf8").split("\n");
    const json = (title: string) => JSON.parse(ours.get(title)!.join("\n"));

    assert.deepEqual(json("ma.names"), ["spikes"]);
    assert.deepEqual(json("spikes.repo.names"), ["simulations", "neurons", "neuron_classes", "windows", "report"]);
    const names = pythonBlock(page, "ma.spikes.features.names", /^You can access/).map((l) => l.replace(/^\[?'|',?\]?$/g, ""));
    assert.equal(names.length, 65);
    assert.deepEqual(json("spikes.features.names"), names);

    const tables: Array<[string, string, string[]]> = [
      ["spikes.repo.report.df", "ma.spikes.repo.report.df", []],
      ["spikes.features.get('by_neuron_class_0_0__0').df", "ma.spikes.features.by_neuron_class_0_0__0.df", ["simulation_id", "circuit_id", "neuron_class", "window"]],
      ["spikes.features.get('by_neuron_class').df", "ma.spikes.features.by_neuron_class.df", ["simulation_id", "circuit_id", "neuron_class", "window"]],
      ["spikes.features.get('by_neuron_class').aliases", "ma.spikes.features.by_neuron_class.aliases", []],
      ["spikes.features.get('by_neuron_class').params", "ma.spikes.features.by_neuron_class.params", ["params_id"]],
    ];
    for (const [title, code, index] of tables) {
      const python = markdownRows(pythonBlock(page, code, /^[A-Z]/), index).map(dotsRow);
      assert.deepEqual(printedRows(ours.get(title)!, index), python, title);
    }
    const shape = (code: string) => pythonBlock(page, code, /^[A-Z]/).find((l) => / rows × \d+ columns$/.test(l))!.replace("×", "x");
    assert.match(ours.get("spikes.repo.report.df")!.join("\n"), new RegExp(`\\[${shape("ma.spikes.repo.report.df")}\\]`));
    assert.match(ours.get("spikes.features.get('by_neuron_class').df")!.join("\n"), new RegExp(`\\[${shape("ma.spikes.features.by_neuron_class.df")}\\]`));

    const attrs = pythonBlock(page, "ma.spikes.features.by_neuron_class_0_0__0.df.attrs", /^The parameters/).join("\n");
    const pythonAttrs = JSON.parse(attrs.replace(/'/g, '"').replace(/\bNone\b/g, "null").replace(/\bTrue\b/g, "true"));
    assert.deepEqual(json("spikes.features.get('by_neuron_class_0_0__0').df.attrs"), pythonAttrs);

    const tree = pythonBlock(page, "!cd {workdir.name} && tree", /directories, \d+ files$/).filter((l) => /\.(parquet|yaml)$/.test(l));
    const title = [...ours.keys()].find((k) => k.startsWith("the working folder"))!;
    assert.equal(title, "the working folder: 69 files");
    const files = ours.get(title)!.filter((l) => l !== "").map((l) => l.split("/").pop());
    assert.deepEqual(files.sort(), tree.map((l) => l.split("── ").pop()).sort());
  });
});
