// The package's entry points: name in dist/bundle/ -> [source module under src/, package specifier].
export const ENTRIES = {
  index: ["index.ts", "blueetl"],
  sonata: ["sonata/index.ts", "blueetl/sonata"],
  generate: ["generate/index.ts", "blueetl/generate"],
  frame: ["frame/index.ts", "blueetl/frame"],
  plots: ["plots/index.ts", "blueetl/plots"],
};

const root = new URL("..", import.meta.url);

/**
 * What a user's feature module resolves the package to, so that it builds its tables with the
 * classes the command line checks them against: `in: "bundle"` maps the specifiers and the entry
 * files (sources, dist) to the bundle, `in: "src"` maps the specifiers to the sources.
 */
export function entryAliases(target) {
  const aliases = {};
  for (const [name, [source, specifier]] of Object.entries(ENTRIES)) {
    const to = new URL(target === "bundle" ? `dist/bundle/${name}.js` : `src/${source}`, root).href;
    aliases[specifier] = to;
    if (target === "bundle") {
      aliases[new URL(`src/${source}`, root).href] = to;
      aliases[new URL(`dist/${source.replace(/\.ts$/, ".js")}`, root).href] = to;
    }
  }
  return aliases;
}
