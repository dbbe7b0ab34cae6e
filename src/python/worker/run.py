"""Entry point of the BlueETL for TypeScript worker: `python run.py probe|serve <config folder>`.

This folder is on sys.path only while the worker's own package is imported, so that the user's
functions see the path BlueETL would give them (PYTHONPATH, site-packages), then the folder of
the analysis config, then the `blueetl` constants shim (last: an installed BlueETL wins).
"""
import os
import sys


def _main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or ".") == here:
        sys.path.pop(0)
    writes_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # no __pycache__ inside the installed package
    sys.path.insert(0, here)
    from blueetl_worker import serve  # pylint: disable=import-outside-toplevel

    sys.path.remove(here)
    sys.dont_write_bytecode = writes_bytecode
    serve.main(sys.argv[1:], shim=os.path.join(here, "shim"))


if __name__ == "__main__":
    _main()
