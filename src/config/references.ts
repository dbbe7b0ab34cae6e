/**
 * Windows that refer to a window of another analysis (`<analysis>.extraction.windows.<window>`),
 * and trial steps labels: checked when the config is loaded.
 */
import { checksumJson } from "./checksum.ts";
import type { SingleAnalysisConfig, WindowConfig } from "./model.ts";

export const CHECKSUM_SEPARATOR = "#";

export interface WindowReference {
  analysis: string;
  window: string;
}

/** The analysis and window a reference points to; its checksum suffix, if any, is ignored. */
export function parseWindowReference(reference: string): WindowReference | undefined {
  const [text] = reference.split(CHECKSUM_SEPARATOR);
  const parts = text!.split(".");
  if (parts.length !== 4 || parts[1] !== "extraction" || parts[2] !== "windows") return undefined;
  return { analysis: parts[0]!, window: parts[3]! };
}

/** Every trial_steps_label names trial steps of its analysis. */
export function checkReferences(analysis: Record<string, SingleAnalysisConfig>, fail: (m: string) => never): void {
  for (const [name, config] of Object.entries(analysis)) {
    const { windows, trial_steps } = config.extraction;
    for (const [window, entry] of Object.entries(windows)) {
      if (typeof entry === "string" || !entry.trial_steps_label) continue;
      if (!(entry.trial_steps_label in trial_steps)) {
        const known = Object.keys(trial_steps).join(", ") || "none";
        fail(
          `analysis.${name}.extraction.windows.${window}.trial_steps_label: '${entry.trial_steps_label}' is not in extraction.trial_steps (defined: ${known})`,
        );
      }
    }
  }
}

/**
 * Each reference gets the checksum of the window it points to (and of its trial steps), so
 * that changing the target invalidates the windows that refer to it.
 */
export function resolveWindowReferences(analysis: Record<string, SingleAnalysisConfig>, fail: (m: string) => never): void {
  for (const [name, config] of Object.entries(analysis)) {
    for (const [window, entry] of Object.entries(config.extraction.windows)) {
      if (typeof entry !== "string") continue;
      const where = `analysis.${name}.extraction.windows.${window}`;
      const reference = parseWindowReference(entry);
      if (!reference) {
        fail(`${where}: Windows reference is not in the expected format: <report_name>.extraction.windows.<window_name> (got '${entry}')`);
      }
      const target = analysis[reference!.analysis]?.extraction.windows[reference!.window];
      if (target === undefined) fail(`${where}: Windows reference '${entry}' points to nonexistent object`);
      if (typeof target === "string") fail(`${where}: Windows reference '${entry}' points to another reference: it must point to a window config`);
      const window_ = target as WindowConfig;
      const trialSteps = window_.trial_steps_label ? analysis[reference!.analysis]!.extraction.trial_steps[window_.trial_steps_label] : undefined;
      const checksum = checksumJson([checksumJson(window_), trialSteps ? checksumJson(trialSteps) : ""]);
      config.extraction.windows[window] = `${entry}${CHECKSUM_SEPARATOR}${checksum}`;
    }
  }
}
