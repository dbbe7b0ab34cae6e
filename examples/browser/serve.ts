/**
 * The page of examples/browser, bundled for browsers by esbuild (the `blueetl/sonata` and
 * `blueetl/frame` entries import no Node built-in) and served on localhost:
 *
 *   node --import ./bin/register.js examples/browser/serve.ts [port]
 */
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const HERE = import.meta.dirname;
const FILES: Record<string, string> = { "index.html": "text/html", "spike-counts.js": "text/javascript" };

/** The page and its script bundled for browsers, in a new folder. */
export async function buildPage(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), "blueetl-page-"));
  await build({
    entryPoints: [join(HERE, "spike-counts.ts")],
    outfile: join(out, "spike-counts.js"),
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    logLevel: "error",
  });
  copyFileSync(join(HERE, "index.html"), join(out, "index.html"));
  return out;
}

/** The files of `dir` served on 127.0.0.1 (`port` 0: any free port); resolves to the server and its URL. */
export function servePage(dir: string, port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const name = new URL(request.url ?? "/", "http://localhost").pathname.slice(1) || "index.html";
    const type = FILES[name];
    if (!type) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": type }).end(readFileSync(join(dir, name)));
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

if (import.meta.filename === process.argv[1]) {
  const { url } = await servePage(await buildPage(), Number(process.argv[2] ?? 8080));
  console.log(`Open ${url} and choose a spikes.h5 (Ctrl-C to stop)`);
}
