"""What the loader asks before a run: is pandas and pyarrow there, do the functions import."""
import importlib.util
import platform
import sys

from blueetl_worker.functions import FunctionNotFound, import_function

REQUIRED = ("pandas", "pyarrow")


def probe(names: list) -> dict:
    """The interpreter, what it lacks, and for each function name its module file or the error."""
    missing = [name for name in REQUIRED if importlib.util.find_spec(name) is None]
    result = {
        "python": sys.executable,
        "version": platform.python_version(),
        "missing": missing,
        "functions": {},
    }
    if missing:
        return result
    for name in names:
        try:
            _, file = import_function(name)
            result["functions"][name] = {"file": file}
        except FunctionNotFound as error:
            result["functions"][name] = {"error": str(error)}
    return result
