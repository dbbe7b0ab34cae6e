"""The worker's loop: frames in, the user's functions called, frames out."""
import faulthandler
import json
import logging
import math
import mmap
import struct
import time
import os
import sys

from blueetl_worker.functions import CallFailed, FunctionNotFound, format_traceback, import_function


# The request, group and config of the call under way (little-endian int32s).
MARK = struct.Struct("<iii")


def main(argv: list, shim: str) -> None:
    command, config_folder = argv[0], argv[1]
    mark_file = argv[2] if command == "serve" else None
    # The protocol keeps the real stdin and stdout; whatever the user prints goes to stderr.
    protocol_in, protocol_out = os.dup(0), os.dup(1)
    os.dup2(2, 1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    sys.stdout = sys.stderr
    sys.path.extend([config_folder, shim])
    if command == "probe":
        from blueetl_worker.probe import probe  # pylint: disable=import-outside-toplevel

        result = probe(json.loads(argv[2]))
        os.write(protocol_out, json.dumps(result).encode())
        return
    faulthandler.enable()
    setup_logging(argv[3], argv[4])
    from blueetl_worker.protocol import Channel  # pylint: disable=import-outside-toplevel

    Worker(Channel(protocol_in, protocol_out), mark_file).run()


def setup_logging(level: str, task: str) -> None:
    """BlueETL's logging in its subprocesses: BLUEETL_SUBPROCESS_LOGGING_LEVEL, else the run's level."""
    log_format = f"%(asctime)s %(levelname)s %(name)s [task={task}]: %(message)s"
    asked = os.getenv("BLUEETL_SUBPROCESS_LOGGING_LEVEL")
    try:
        logging.basicConfig(level=asked or level, format=log_format, force=True)
    except ValueError:  # not a level's name: the command line said so once
        logging.basicConfig(level=level, format=log_format, force=True)


class Worker:
    """Requests from Node.js, one at a time; tables of the repository asked for when needed."""

    def __init__(self, channel, mark_file: str) -> None:
        self.channel = channel
        self.repos = {}
        self.at = None
        self.request = -1
        self.said = 0.0
        # The call under way, where Node.js reads it if this process dies: no write per call.
        with open(mark_file, "r+b") as f:
            self.marks = mmap.mmap(f.fileno(), MARK.size)

    def run(self) -> None:
        while True:
            message = self.channel.receive()
            if message is None:
                return
            header, parts = message
            self.answer(header, parts)

    def answer(self, header: dict, parts: list) -> None:
        from blueetl_worker import features, trial_steps  # pylint: disable=import-outside-toplevel,unused-import

        reply = {"op": "done", "id": header["id"]}
        self.request = header["id"]
        try:
            if header["op"] == "features":
                self.at = None
                repo = self.repo(header["repo"])
                collected = features.compute(header, parts, repo, self.mark)
                self.at = None
                described, binary = features.encode(collected)
                self.channel.send({**reply, "tables": described}, binary)
            elif header["op"] == "import":
                for name in header["functions"]:
                    import_function(name)
                self.channel.send(reply)
            elif header["op"] == "trial_steps":
                value = trial_steps.run(header, parts)
                self.channel.send({**reply, "value": value if math.isfinite(value) else repr(value)})
            else:
                raise ValueError(f"unknown request {header['op']!r}")
        except CallFailed as failed:
            self.fail(header, "call", format_traceback(failed.error, skip=1))
        except features.BadResult as error:
            if error.config is not None:
                self.at = (None, error.config)
            self.fail(header, "result", str(error))
        except (trial_steps.NotANumber, FunctionNotFound) as error:
            self.fail(header, "result", str(error))
        except Exception as error:  # pylint: disable=broad-except
            self.fail(header, "internal", format_traceback(error))

    def fail(self, header: dict, kind: str, message: str) -> None:
        at = {k: v for k, v in zip(("group", "config"), self.at or ()) if v is not None}
        self.channel.send({"op": "error", "id": header["id"], "kind": kind, "message": message, **at})

    def mark(self, group: int, config: int) -> None:
        """Record which call starts (a worker that dies is reported with its function and group); progress every 0.1 s."""
        self.at = (group, config)
        MARK.pack_into(self.marks, 0, self.request, group, config)
        now = time.monotonic()
        if now - self.said >= 0.1:
            self.said = now
            self.channel.send({"op": "at", "group": group, "config": config})

    def repo(self, name: str):
        from blueetl_worker.repo import Repository  # pylint: disable=import-outside-toplevel

        if name not in self.repos:
            self.repos[name] = Repository(lambda table: self.fetch(name, table))
        return self.repos[name]

    def fetch(self, repo: str, table: str):
        """A table of the repository, asked from Node.js (it answers with an Arrow stream)."""
        from blueetl_worker.arrow import read_table  # pylint: disable=import-outside-toplevel

        self.channel.send({"op": "need", "repo": repo, "table": table})
        header, parts = self.channel.receive()
        if header.get("op") != "table":
            raise RuntimeError(f"expected the table {table}, got {header.get('op')!r}")
        return read_table(parts[0]).to_pandas()
