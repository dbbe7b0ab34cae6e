"""Feature functions called as BlueETL calls them, and their results checked as it checks them.

Node.js sends the merged table of all the groups of a batch once (with the first row of each
group); each call gets its group's rows as a DataFrame of its own. The tables a function returns
are concatenated per name, then sent back with the group of each row: Node.js adds the group
keys and BlueETL's dtypes, as for its own functions.
"""
import copy
import warnings
from collections import namedtuple

import numpy as np
import pandas as pd
import pyarrow as pa

from blueetl_worker.arrow import read_table, to_arrow
from blueetl_worker.functions import call, import_function, with_floats

# BlueETL's dtypes of these columns (blueetl.constants.DTYPES), applied as its ensure_dtypes does.
DTYPES = {
    "gid": np.int64,
    "time": np.float64,
    "simulation_id": np.int16,
    "circuit_id": np.int16,
    "neuron_class": "category",
    "window": "category",
    "trial": np.int16,
    "offset": np.float64,
    "t_start": np.float64,
    "t_stop": np.float64,
    "t_step": np.float64,
    "duration": np.float64,
}


class BadResult(Exception):
    """The function returned something BlueETL refuses (its message); `config`: whose tables."""

    def __init__(self, message: str, config=None) -> None:
        super().__init__(message)
        self.config = config


class Groups:
    """The table of each group, cut from the merged table of all groups."""

    def __init__(self, header: dict, parts: list) -> None:
        self.keys = _keys(read_table(parts[0]), header["fields"])
        self._merged = read_table(parts[1]).to_pandas()
        self._starts = np.frombuffer(parts[2], dtype="<u4")
        self._missing = np.frombuffer(parts[3], dtype=np.uint8)
        # Integer report columns: float64 only in the groups where some row has no report row.
        self._integers = read_table(parts[4]).to_pandas() if len(parts) > 4 else None

    def table(self, g: int) -> pd.DataFrame:
        start, stop = int(self._starts[g]), int(self._starts[g + 1])
        df = self._merged.iloc[start:stop].copy()
        df.index = pd.RangeIndex(stop - start)
        if self._integers is not None and not self._missing[g]:
            for name in self._integers.columns:
                df[name] = self._integers[name].to_numpy()[start:stop]
        return df


def _keys(table: pa.Table, fields: list) -> list:
    """The key of each group: a namedtuple of Python values, as BlueETL's `etl.iter()` yields."""
    Key = namedtuple("Values", fields)
    columns = [table.column(f).to_pylist() for f in fields]
    return [Key(*values) for values in zip(*columns)]


class Collected:
    """The tables of one name returned by the groups of one config, and each one's group."""

    def __init__(self) -> None:
        self.frames = []
        self.groups = []

    def add(self, frame: pd.DataFrame, group: int) -> None:
        self.frames.append(frame)
        self.groups.append(group)

    def table(self):
        """The tables as one (index levels as leading columns), the names of the levels, and each row's group."""
        lengths = np.fromiter((len(f) for f in self.frames), dtype=np.int64, count=len(self.frames))
        group_of = np.repeat(np.asarray(self.groups, dtype=np.int32), lengths)
        frame, index = _concat(self.frames)
        return _ensure_dtypes(frame), index, group_of


def _concat(frames: list):
    """
    The groups' tables one after the other (empty ones skipped unless all are), and the names of
    the index levels, which become the first columns: an unnamed one-level index is dropped, as
    BlueETL does (groups with different index levels have them all as columns).
    """
    present = [f for f in frames if len(f) > 0] or frames[:1]
    names = list(present[0].index.names)
    if any(list(f.index.names) != names for f in present):
        present = [f.reset_index(drop=f.index.names == [None]) for f in present]
        names = [None]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        result = pd.concat(present) if len(present) > 1 else present[0]
    index = [] if names == [None] else [n if n is not None else f"level_{i}" for i, n in enumerate(names)]
    result = result.reset_index(drop=not index)
    # Categories differing between groups: their union, in order of appearance (as pyarrow reads
    # BlueETL's per-group Parquet files back), where pandas would fall back to objects.
    first = present[0].dtypes
    for name in first.index[[isinstance(t, pd.CategoricalDtype) for t in first]]:
        if not isinstance(result[name].dtype, pd.CategoricalDtype):
            parts = [f[name] for f in present if name in f.columns]
            if all(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
                result[name] = pd.api.types.union_categoricals(parts)
    return result, index


def _ensure_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """BlueETL's ensure_dtypes on the columns (the index levels are columns here)."""
    dtypes = {k: DTYPES[k] for k in df.columns if k in DTYPES and DTYPES[k] != df.dtypes.at[k]}
    return df.astype(dtypes) if dtypes else df


def results_of(result, config: dict) -> dict:
    """The function's result as named tables, checked as BlueETL's `_user_func_wrapper` does."""
    if config["type"] == "single":
        result = {config["name"]: result}
    if not isinstance(result, dict):
        raise BadResult("The user function must return a dict of dataframes")
    for value in result.values():
        if not isinstance(value, pd.DataFrame):
            raise BadResult(f"Expected a DataFrame, not {type(value).__name__}")
    return result


def compute(header: dict, parts: list, repo, at) -> list:
    """Call every config's function on every group; the tables each config's function returned, by name."""
    configs = header["configs"]
    for config in configs:
        config["params"] = with_floats(config["params"], config["floats"])
    functions = [import_function(c["function"])[0] for c in configs]
    groups = Groups(header, parts)
    collected = [{} for _ in configs]
    last = len(configs) - 1
    for g, key in enumerate(groups.keys):
        base = groups.table(g)
        for c, config in enumerate(configs):
            at(g, c)
            df = base if c == last else base.copy()
            params = copy.deepcopy(config["params"])
            result = call(functions[c], repo=repo, key=key, df=df, params=params)
            for name, frame in results_of(result, config).items():
                collected[c].setdefault(f"{name}{config['suffix']}", Collected()).add(frame, g)
    return collected


def encode(collected: list):
    """The tables of each config and name as a header list and binary parts: Arrow IPC and the group of each row."""
    described, parts = [], []
    for c, by_name in enumerate(collected):
        for name, tables in by_name.items():
            try:
                frame, index, group_of = tables.table()
                parts.extend([to_arrow(frame), group_of.astype("<i4").tobytes()])
            except Exception as error:  # pylint: disable=broad-except
                raise BadResult(f"the tables '{name}' of the groups: {type(error).__name__}: {error}", config=c) from None
            described.append({"config": c, "name": name, "index": index, "rows": len(frame)})
    return described, parts
