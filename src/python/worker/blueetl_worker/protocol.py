"""Frames between Node.js and the worker.

A frame is a little-endian u32 (length of the header) and u64 (length of the body), the header
(JSON, with `parts`: the lengths of the binary parts the body is cut into) and the body.
"""
import json
import os
import struct

_PREFIX = struct.Struct("<IQ")


class Channel:
    """Frames read from one file descriptor and written to another."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self._read = os.fdopen(read_fd, "rb", buffering=0)
        self._write_fd = write_fd

    def receive(self):
        """The next frame as (header, parts); None at the end of the input."""
        prefix = self._exactly(_PREFIX.size)
        if prefix is None:
            return None
        header_length, body_length = _PREFIX.unpack(prefix)
        header = json.loads(bytes(self._exactly(header_length)))
        body = self._exactly(body_length) if body_length else bytearray()
        if body is None:
            raise EOFError("the input ended inside a frame")
        view = memoryview(body)
        parts, at = [], 0
        for length in header.get("parts", []):
            parts.append(view[at : at + length])
            at += length
        return header, parts

    def send(self, header: dict, parts=()) -> None:
        """Write one frame (parts: bytes-like objects, such as pyarrow buffers)."""
        views = [memoryview(p).cast("B") for p in parts]
        header = {**header, "parts": [v.nbytes for v in views]}
        encoded = json.dumps(header, separators=(",", ":")).encode()
        self._write_all(_PREFIX.pack(len(encoded), sum(v.nbytes for v in views)) + encoded)
        for view in views:
            self._write_all(view)

    def _exactly(self, n: int):
        buffer = bytearray(n)
        view = memoryview(buffer)
        got = 0
        while got < n:
            read = self._read.readinto(view[got:])
            if not read:
                if got == 0:
                    return None
                raise EOFError("the input ended inside a frame")
            got += read
        return buffer

    def _write_all(self, data) -> None:
        view = memoryview(data)
        while view.nbytes:
            written = os.write(self._write_fd, view)
            view = view[written:]
