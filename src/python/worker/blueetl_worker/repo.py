"""What a feature function sees as `repo`: BlueETL's Repository, over the tables of the run.

Each table crosses from Node.js when a function first touches it (and once per run); the helpers
are those of BlueETL's extractors, with the same results and types.
"""
import warnings

import numpy as np

CIRCUIT_ID = "circuit_id"
NEURON_CLASS = "neuron_class"
GID = "gid"
SIMULATION_ID = "simulation_id"
WINDOW = "window"
TRIAL = "trial"
T_START = "t_start"
T_STOP = "t_stop"
DURATION = "duration"

NAMES = ("simulations", "neurons", "neuron_classes", "windows", "report")


class Extractor:
    """A repository table, as BlueETL's extractors hold it (`df`, `to_pandas()`)."""

    def __init__(self, df) -> None:
        self._df = df

    @property
    def df(self):
        return self._df

    def to_pandas(self):
        return self._df


class Simulations(Extractor):
    """The simulations (without BlueETL's `simulation` and `circuit` objects)."""


class NeuronClasses(Extractor):
    """The neuron classes of each circuit."""


class Report(Extractor):
    """The spikes, soma or compartment report."""


class Neurons(Extractor):
    """The neurons of each circuit and neuron class."""

    def count_by_neuron_class(self, observed: bool = True):
        """The number of gids of each circuit and neuron class."""
        return self.df.groupby([CIRCUIT_ID, NEURON_CLASS], observed=observed)[GID].count()


class Windows(Extractor):
    """The windows and trials of each simulation."""

    def __init__(self, df) -> None:
        super().__init__(df)
        self._bounds = {}
        self._trials = {}

    def get_bounds(self, window: str):
        """(t_start, t_stop) of the window, relative to the offset of each trial."""
        if window not in self._bounds:
            t_start, t_stop = _first(self.df, window)[[T_START, T_STOP]]
            self._bounds[window] = (t_start, t_stop)
        return self._bounds[window]

    def get_duration(self, window: str):
        return _first(self.df, window)[DURATION]

    def get_number_of_trials(self, window: str):
        if window not in self._trials:
            self._trials[window] = np.max(self.df[self.df[WINDOW] == window][TRIAL]) + 1
        return self._trials[window]


def _first(df, window: str):
    """The first row of the window, as `df.etl.first(window=window)`."""
    rows = df[df[WINDOW] == window]
    if len(rows) == 0:
        raise RuntimeError("The query returned 0 records.")
    return rows.iloc[0]


_CLASSES = {
    "simulations": Simulations,
    "neurons": Neurons,
    "neuron_classes": NeuronClasses,
    "windows": Windows,
    "report": Report,
}


class Repository:
    """BlueETL's Repository for one analysis: each table fetched when first used."""

    def __init__(self, fetch) -> None:
        self._fetch = fetch
        self._extractors = {}

    def _get(self, name: str):
        if name not in self._extractors:
            self._extractors[name] = _CLASSES[name](self._fetch(name))
        return self._extractors[name]

    simulations = property(lambda self: self._get("simulations"))
    neurons = property(lambda self: self._get("neurons"))
    neuron_classes = property(lambda self: self._get("neuron_classes"))
    windows = property(lambda self: self._get("windows"))
    report = property(lambda self: self._get("report"))

    @property
    def spikes(self):
        warnings.warn(
            "Accessing Repository.spikes is deprecated, please use Repository.report",
            FutureWarning,
            stacklevel=2,
        )
        return self.report

    @property
    def names(self) -> list:
        return list(NAMES)

    @property
    def simulation_ids(self) -> list:
        return self.simulations.df[SIMULATION_ID].to_list()

    def show(self) -> None:
        for name in NAMES:
            print("~" * 80)
            print("Extraction:", name)
            print(getattr(self, name).df)
