"""Tables to and from Arrow IPC streams, in the types the Node.js side reads."""
import pyarrow as pa


def read_table(data) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


def to_arrow(df) -> pa.Buffer:
    """A DataFrame (default index) as an Arrow IPC stream; large strings and lists made plain."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    table = table.cast(pa.schema([_plain(f) for f in table.schema], metadata=table.schema.metadata))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _plain(field: pa.Field) -> pa.Field:
    t = field.type
    if pa.types.is_large_string(t) or (hasattr(pa.types, "is_string_view") and pa.types.is_string_view(t)):
        return field.with_type(pa.string())
    if pa.types.is_large_list(t):
        return field.with_type(pa.list_(_plain(t.value_field).type))
    if pa.types.is_dictionary(t) and pa.types.is_large_string(t.value_type):
        return field.with_type(pa.dictionary(t.index_type, pa.string()))
    return field
