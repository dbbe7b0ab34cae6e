"""Trial-steps functions called as BlueETL calls them: `func(spikes_list, params)`, a number back."""
import pathlib

import numpy as np

from blueetl_worker.functions import call, import_function, with_floats


class NotANumber(Exception):
    """The function returned something that is not a number (BlueETL's message)."""


def run(header: dict, parts: list):
    """The function's number for the spikes of each trial (times relative to the trial's offset)."""
    function, _ = import_function(header["function"])
    values = np.frombuffer(parts[0], dtype="<f8")
    offsets = np.frombuffer(parts[1], dtype="<u4")
    spikes_list = [values[offsets[i] : offsets[i + 1]].copy() for i in range(len(offsets) - 1)]
    result = call(function, spikes_list, _params(with_floats(header["params"], header["floats"])))
    if isinstance(result, (bool, np.bool_)) or not np.issubdtype(type(result), np.number):
        raise NotANumber(
            f"The function {header['function']} must return a number, not {type(result).__name__} ({result!r:.80})"
        )
    return float(result)


def _params(params: dict) -> dict:
    """The trial steps config as BlueETL's model dumps it: bounds as floats, paths as Paths."""
    params = dict(params)
    params["bounds"] = tuple(float(b) for b in params["bounds"])
    for key in ("node_sets_file", "base_path"):
        if params.get(key) is not None:
            params[key] = pathlib.Path(params[key])
    return params
