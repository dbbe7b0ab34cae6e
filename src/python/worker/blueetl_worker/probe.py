"""What the loader asks before a run: is pandas and pyarrow there, do the functions import.

A module whose source defines the function at its top level, and whose top-level imports are
all installed, is not run here (the workers import it while the repository is extracted): the
check then costs milliseconds instead of the import of pandas. Anything else is imported.
"""
import ast
import importlib.util
import platform
import sys

from blueetl_worker.functions import FunctionNotFound, describe, import_function

REQUIRED = ("pandas", "pyarrow")


def probe(names: list) -> dict:
    """The interpreter, what it lacks, and for each function name its module file or the error."""
    missing = [name for name in REQUIRED if importlib.util.find_spec(name) is None]
    result = {"python": sys.executable, "version": platform.python_version(), "missing": missing, "functions": {}}
    if missing:
        return result
    for name in names:
        try:
            file = _statically(name)
            if file is None:
                _, file = import_function(name)
            result["functions"][name] = {"file": file}
        except FunctionNotFound as error:
            result["functions"][name] = {"error": str(error)}
    return result


def _statically(full_name: str):
    """The module's file if its source shows the function and its imports are there; None: import it to know."""
    module_name, _, function_name = full_name.rpartition(".")
    try:
        spec = importlib.util.find_spec(module_name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.has_location or not (spec.origin or "").endswith(".py"):
        return None
    with open(spec.origin, "rb") as f:
        source = f.read()
    try:
        tree = ast.parse(source, spec.origin)
    except SyntaxError as error:
        raise FunctionNotFound(describe(error)) from None
    if function_name not in _top_level_names(tree.body) or not all(_installed(m) for m in _top_level_imports(tree.body)):
        return None
    return spec.origin


def _top_level_names(body: list) -> set:
    """Names bound at the top level (in `if`, `try` and `with` blocks too); a star import binds '*'."""
    names = set()
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            for block in ("body", "orelse", "finalbody"):
                names |= _top_level_names(getattr(node, block, []))
            for handler in getattr(node, "handlers", []):
                names |= _top_level_names(handler.body)
    return names


def _top_level_imports(body: list) -> list:
    """The absolute modules the module imports unconditionally (not in a `try`)."""
    modules = []
    for node in body:
        if isinstance(node, ast.Import):
            modules.extend(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module.split(".")[0])
    return modules


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False
