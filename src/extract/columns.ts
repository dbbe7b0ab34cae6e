/** BlueETL's column names and the dtypes `ensure_dtypes` gives them. */
import type { NumericDType } from "../frame/index.ts";

export const SIMULATION_ID = "simulation_id";
export const CIRCUIT_ID = "circuit_id";
export const NEURON_CLASS = "neuron_class";
export const NEURON_CLASS_INDEX = "neuron_class_index";
export const GID = "gid";
export const WINDOW = "window";
export const TRIAL = "trial";
export const TIME = "time";
export const VALUE = "value";
export const SECTION = "section";
export const OFFSET = "offset";
export const T_START = "t_start";
export const T_STOP = "t_stop";
export const T_STEP = "t_step";
export const DURATION = "duration";
export const WINDOW_TYPE = "window_type";

/** The dtype `ensure_dtypes` gives each column BlueETL knows (features tables included). */
export const DTYPES: Readonly<Record<string, NumericDType | "category">> = {
  [GID]: "int64",
  [TIME]: "float64",
  [SIMULATION_ID]: "int16",
  [CIRCUIT_ID]: "int16",
  [NEURON_CLASS]: "category",
  [WINDOW]: "category",
  [TRIAL]: "int16",
  [OFFSET]: "float64",
  [T_START]: "float64",
  [T_STOP]: "float64",
  [T_STEP]: "float64",
  [DURATION]: "float64",
};
