/**
 * The Python functions a config names (features and trial steps), checked when the config is
 * loaded: the interpreter, pandas and pyarrow, and each function importing.
 */
import type { MultiAnalysisConfig } from "../config/index.ts";
import { TRIAL_STEPS_FUNCTIONS } from "../extract/index.ts";
import { FEATURE_FUNCTIONS } from "../features/index.ts";
import { type CheckedFunctions, type PythonUse, checkPythonFunctions, isPythonName } from "../python/index.ts";

export function pythonUses(config: MultiAnalysisConfig): PythonUse[] {
  const uses: PythonUse[] = [];
  for (const single of Object.values(config.analysis)) {
    for (const steps of Object.values(single.extraction.trial_steps)) {
      if (!(steps.function in TRIAL_STEPS_FUNCTIONS) && isPythonName(steps.function)) uses.push({ name: steps.function, what: "trial steps function" });
    }
    for (const features of single.features) {
      if (!(features.function in FEATURE_FUNCTIONS) && isPythonName(features.function)) uses.push({ name: features.function, what: "feature function" });
    }
  }
  return uses;
}

/** The Python functions of the config checked (undefined when it names none: nothing Python is needed). */
export function checkPython(config: MultiAnalysisConfig, basePath: string): CheckedFunctions | undefined {
  const uses = pythonUses(config);
  return uses.length > 0 ? checkPythonFunctions(uses, basePath) : undefined;
}
