/**
 * The report page: one HTML file that opens offline. Vega, Vega-Lite and vega-embed are inlined,
 * each figure's spec is embedded with its data in columns (strings as codes into their distinct
 * values), expanded to rows in the browser; the tables are plain HTML.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DataFrame, formatValue } from "../frame/index.ts";
import type { Spec } from "./style.ts";

export interface PageFigure {
  id: string;
  spec: Spec;
  /** The figure's static files, relative to the page. */
  files?: { svg: string; png: string };
}

export interface PageTable {
  title: string;
  /** The rows shown (the table or its head). */
  df: DataFrame;
  /** Rows of the whole table. */
  rows: number;
}

export interface PageSection {
  title: string;
  notes: string[];
  tables: PageTable[];
  figures: PageFigure[];
}

/** The browser builds of the libraries, from the installed packages. */
function library(specifier: string, file: string): string {
  const entry = fileURLToPath(import.meta.resolve(specifier));
  return readFileSync(join(dirname(entry), file), "utf8");
}

let inlined: string | undefined;

function libraries(): string {
  inlined ??= [library("vega", "vega.min.js"), library("vega-lite", "vega-lite.min.js"), library("vega-embed", "vega-embed.min.js")]
    .map((code) => `<script>${code.replaceAll("</script", "<\\/script")}</script>`)
    .join("\n");
  return inlined;
}

export function reportPage(title: string, sections: readonly PageSection[]): string {
  const figures = sections.flatMap((s) => s.figures.map((f) => ({ id: f.id, spec: compact(f.spec) })));
  const toc = sections.map((s, i) => `<li><a href="#section-${i}">${escape(s.title)}</a></li>`).join("");
  const body = sections.map((s, i) => section(s, i)).join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escape(title)}</h1>
<nav><ul>${toc}</ul></nav>
${body}
${libraries()}
<script type="application/json" id="figures">${JSON.stringify(figures).replaceAll("<", "\\u003c")}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function section(s: PageSection, i: number): string {
  const notes = s.notes.map((n) => `<p class="note">${escape(n)}</p>`).join("");
  const tables = s.tables.map(tableHtml).join("\n");
  const figures = s.figures
    .map((f) => {
      const links = f.files ? `<div class="files"><a href="${escape(f.files.svg)}">SVG</a> · <a href="${escape(f.files.png)}">PNG</a></div>` : "";
      return `<figure><div class="figure" id="${escape(f.id)}"></div>${links}</figure>`;
    })
    .join("\n");
  return `<section id="section-${i}">
<h2>${escape(s.title)}</h2>
${notes}
<div class="figures">
${figures}
</div>
<details open><summary>Tables</summary>
${tables}
</details>
</section>`;
}

function tableHtml(table: PageTable): string {
  const { df } = table;
  const rows = df.length;
  const names = df.names;
  const head = names.map((n) => `<th${df.indexNames.includes(n) ? ' class="index"' : ""}>${escape(n)}</th>`).join("");
  const body = Array.from({ length: rows }, (_, r) => `<tr>${names.map((n) => `<td>${escape(cell(df.value(n, r)))}</td>`).join("")}</tr>`).join("\n");
  const count = table.rows > rows ? `${table.rows} rows, the first ${rows} shown` : `${rows} row${rows === 1 ? "" : "s"}`;
  return `<h3>${escape(table.title)} <span class="rows">${count} × ${df.columnNames.length} columns</span></h3>
<div class="table"><table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div>`;
}

function cell(value: unknown): string {
  if (typeof value === "number" && !Number.isInteger(value) && Number.isFinite(value)) return String(Number(value.toPrecision(6)));
  const text = formatValue(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/**
 * The spec with each inline data array (`data.values`) stored by columns: `{__columns: {field:
 * values}, length}`, a column of repeated strings as `{codes, values}`. The page's script expands
 * them back to rows.
 */
export function compact(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(compact);
  if (node === null || typeof node !== "object") return node;
  const entries = Object.entries(node).map(([key, value]) => {
    const rows = key === "data" && value !== null && typeof value === "object" ? (value as { values?: unknown }).values : undefined;
    if (Array.isArray(rows) && rows.length > 1 && rows.every((row) => row !== null && typeof row === "object")) {
      return [key, { ...(value as object), values: columns(rows as Array<Record<string, unknown>>) }];
    }
    return [key, compact(value)];
  });
  return Object.fromEntries(entries);
}

function columns(rows: Array<Record<string, unknown>>): unknown {
  const fields = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const values = rows.map((row) => (field in row ? row[field] : null));
    const strings = values.every((v) => typeof v === "string");
    const distinct = strings ? [...new Set(values as string[])] : [];
    out[field] = strings && distinct.length * 2 <= values.length ? { values: distinct, codes: values.map((v) => distinct.indexOf(v as string)) } : values;
  }
  return { __columns: out, length: rows.length };
}

const STYLE = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1500px; padding: 0 16px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 19px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 40px; } h3 { font-size: 14px; margin: 16px 0 4px; }
.rows { font-weight: normal; color: #666; } .note { color: #555; font-size: 13px; }
.table { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: 12px; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #eee; padding: 2px 8px; text-align: right; white-space: nowrap; }
th { background: #f5f5f5; } th.index { background: #e8eef5; }
.figures { display: flex; flex-wrap: wrap; gap: 8px 40px; align-items: flex-start; } figure { margin: 16px 0; } .files { font-size: 12px; color: #666; } summary { cursor: pointer; font-weight: bold; margin: 12px 0; }
`;

/** Expands the columns and embeds every figure; `window.blueetlReport.rendered` settles when all are drawn. */
const SCRIPT = `
(function () {
  function expand(node) {
    if (Array.isArray(node)) return node.map(expand);
    if (node === null || typeof node !== "object") return node;
    if (node.__columns) {
      var names = Object.keys(node.__columns), rows = new Array(node.length);
      var cols = names.map(function (n) { var c = node.__columns[n]; return Array.isArray(c) ? c : c.codes.map(function (k) { return c.values[k]; }); });
      for (var i = 0; i < node.length; i++) { var row = {}; for (var j = 0; j < names.length; j++) row[names[j]] = cols[j][i]; rows[i] = row; }
      return rows;
    }
    var out = {};
    for (var key in node) out[key] = expand(node[key]);
    return out;
  }
  var figures = JSON.parse(document.getElementById("figures").textContent);
  var report = (window.blueetlReport = { views: {}, errors: [] });
  var options = { renderer: "svg", actions: { export: true, source: false, compiled: false, editor: false } };
  report.rendered = Promise.all(figures.map(function (f) {
    return vegaEmbed(document.getElementById(f.id), expand(f.spec), options)
      .then(function (result) { report.views[f.id] = result.view; return result.view.runAsync(); })
      .catch(function (error) { report.errors.push(f.id + ": " + error); console.error(f.id, error); });
  })).then(function () { document.body.setAttribute("data-rendered", "true"); });
})();
`;
