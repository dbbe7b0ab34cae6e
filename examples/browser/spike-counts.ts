/** The page's script: the spikes file the user chose, read in the browser, counted per node population. */
import { DataFrame, numeric, objects } from "blueetl/frame";
import { SpikeReader } from "blueetl/sonata";

const input = document.querySelector<HTMLInputElement>("#spikes")!;
const output = document.querySelector<HTMLElement>("#counts")!;

/** Spikes and neurons that fired, per population of the file. */
async function countSpikes(file: File): Promise<DataFrame> {
  const reader = await SpikeReader.fromBytes(new Uint8Array(await file.arrayBuffer()), file.name);
  try {
    const names = reader.populationNames;
    const spikes = names.map((name) => reader.population(name).get());
    return new DataFrame(
      { population: objects(names), spikes: numeric("int64", spikes.map((s) => s.nodeIds.length)), neurons: numeric("int64", spikes.map((s) => new Set(s.nodeIds).size)) },
      { index: ["population"] },
    );
  } finally {
    reader.close();
  }
}

input.addEventListener("change", async () => {
  const file = input.files?.[0];
  if (!file) return;
  output.textContent = `Reading ${file.name}...`;
  try {
    output.textContent = (await countSpikes(file)).toString();
    output.dataset["state"] = "done";
  } catch (error) {
    output.textContent = String(error);
    output.dataset["state"] = "error";
  }
});
