/**
 * A package registry on localhost for `npm install` without the network: the packages of our
 * package-lock.json, their tarballs read from npm's cache (where `npm ci` put them). `npm ci`
 * fetches tarballs by their locked URL and integrity and never the registry's documents that
 * npm needs to resolve version ranges, so `npm install --offline` of our tarball fails on a
 * cache filled by `npm ci` alone (ENOTCACHED); this serves those documents.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");
/** What a version's document in the registry needs from the lock's entry. */
const FIELDS = ["dependencies", "optionalDependencies", "peerDependencies", "peerDependenciesMeta", "bin", "engines", "os", "cpu", "hasInstallScript"];

interface LockEntry {
  version: string;
  integrity?: string;
  [field: string]: unknown;
}

/** Where cacache keeps content of `integrity` (sha512-<base64>). */
function cachedTarball(cache: string, integrity: string): string {
  const [algorithm, digest] = integrity.split("-", 2) as [string, string];
  const hex = Buffer.from(digest, "base64").toString("hex");
  return join(cache, "_cacache", "content-v2", algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
}

export interface LocalRegistry {
  url: string;
  close(): Promise<void>;
}

export async function startRegistry(): Promise<LocalRegistry> {
  const cache = spawnSync("npm", ["config", "get", "cache"], { encoding: "utf8" }).stdout.trim();
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const documents = new Map<string, { name: string; versions: Record<string, Record<string, unknown>> }>();
  const tarballs = new Map<string, string>();
  let url = "";
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.includes("node_modules/") || !entry.integrity) continue;
    const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    const file = cachedTarball(cache, entry.integrity);
    const key = `${encodeURIComponent(name)}-${entry.version}.tgz`;
    tarballs.set(key, file);
    const document = documents.get(name) ?? { name, versions: {} };
    const version: Record<string, unknown> = { name, version: entry.version };
    for (const field of FIELDS) if (entry[field] !== undefined) version[field] = entry[field];
    // The tarball's URL is known once the server listens: filled in when served.
    version["dist"] = { integrity: entry.integrity, tarball: key };
    document.versions[entry.version] = version;
    documents.set(name, document);
  }
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname.slice(1));
    if (path.startsWith("-/")) {
      const file = tarballs.get(encodeURIComponent(path.slice(2)));
      if (!file || !existsSync(file)) return void response.writeHead(404).end();
      return void response.writeHead(200, { "content-type": "application/octet-stream" }).end(readFileSync(file));
    }
    const document = documents.get(path);
    if (!document) return void response.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
    const versions = Object.fromEntries(
      Object.entries(document.versions).map(([v, doc]) => {
        const dist = doc["dist"] as { integrity: string; tarball: string };
        return [v, { ...doc, dist: { integrity: dist.integrity, tarball: `${url}-/${decodeURIComponent(dist.tarball)}` } }];
      }),
    );
    const latest = Object.keys(versions).sort((a, b) => a.localeCompare(b, "en", { numeric: true })).pop();
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ name: document.name, "dist-tags": { latest }, versions }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
