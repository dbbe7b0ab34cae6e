"""Read Parquet files with pyarrow and pandas as a user would, and say how each differs from the
JSON sidecar of the golden table it stands for: dtypes, index (names, kind, level dtypes and
categories), categories and their order, nulls, row count, columns, and (pandas >= 2.1) attrs.

Input (stdin): a JSON list of [parquet file, golden sidecar]. Output (stdout): a JSON object
mapping each file to its list of problems (empty when it reads as BlueETL's table).
"""

import json
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

PANDAS = tuple(int(p) for p in pd.__version__.split(".")[:2])
# pandas 2 has no Int64Index: an int64 index is an Index.
INDEX_TYPES = {"Int64Index": "Index", "Float64Index": "Index", "UInt64Index": "Index"}


def index_type(name):
    return INDEX_TYPES.get(name, name) if PANDAS >= (2, 0) else name


def problems_of(path, golden):
    problems = []
    table = pq.read_table(path)
    info = golden["column_info"]
    rows = golden["row_count"]
    if table.num_rows != rows:
        problems.append(f"pyarrow: {table.num_rows} rows, not {rows}")
    for name, column in info.items():
        if name not in table.schema.names:
            continue
        field = table.schema.field(name)
        if column["dtype"] == "category" and not pa.types.is_dictionary(field.type):
            problems.append(f"pyarrow: {name} is {field.type}, not a dictionary")
        if column["dtype"] == "object" and column.get("cell_types") == "None" and not pa.types.is_null(field.type):
            problems.append(f"pyarrow: {name} (only None) is {field.type}, not null")

    df = pd.read_parquet(path)
    names = [n for n in golden["original_index_names"]]
    if list(df.index.names) != names:
        problems.append(f"index names {list(df.index.names)}, not {names}")
    kind = type(df.index).__name__
    if kind != index_type(golden["original_index_type"]):
        problems.append(f"index {kind}, not {index_type(golden['original_index_type'])}")
    if isinstance(df.index, pd.MultiIndex) or golden["original_index_type"] != "RangeIndex":
        for level, name in enumerate(df.index.names):
            values = df.index.get_level_values(level)
            expected = golden["original_index_dtypes"].get(str(name))
            if expected is not None and str(values.dtype) != expected:
                problems.append(f"index level {name}: {values.dtype}, not {expected}")
            categories = golden["original_index_categories"].get(str(name))
            if categories is not None and list(values.categories) != categories:
                problems.append(f"index level {name}: categories {list(values.categories)}, not {categories}")
    columns = [c for c in golden["original_columns"] if c not in golden.get("dropped_columns", [])]
    if [c for c in df.columns if c in columns or c not in info] != columns:
        problems.append(f"columns {list(df.columns)}, not {columns}")
    for name in columns:
        if name not in df.columns or name not in info:
            continue
        column, series = info[name], df[name]
        if str(series.dtype) != column["dtype"]:
            problems.append(f"{name}: {series.dtype}, not {column['dtype']}")
        if "categories" in column and hasattr(series, "cat") and list(series.cat.categories) != column["categories"]:
            problems.append(f"{name}: categories {list(series.cat.categories)}, not {column['categories']}")
        nulls = int(series.isna().sum())
        if nulls != column["null_count"]:
            problems.append(f"{name}: {nulls} nulls, not {column['null_count']}")
    if len(df) != rows:
        problems.append(f"pandas: {len(df)} rows, not {rows}")
    # pandas restores attrs from pyarrow's metadata from 2.1 on.
    if PANDAS >= (2, 1) and df.attrs != golden["attrs"]:
        problems.append(f"attrs {json.dumps(df.attrs)[:200]}, not {json.dumps(golden['attrs'])[:200]}")
    return problems


def main():
    files = json.load(sys.stdin)
    out = {}
    for path, sidecar in files:
        with open(sidecar, encoding="utf8") as f:
            golden = json.load(f)
        try:
            out[path] = problems_of(path, golden)
        except Exception as error:  # a file pandas cannot read at all
            out[path] = [f"cannot be read: {type(error).__name__}: {error}"]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
