"""Importing the user's functions as BlueETL does: `module.rpartition('.')`, then importlib."""
import importlib
import traceback


class FunctionNotFound(Exception):
    """A function name that does not import: the message says why."""


class CallFailed(Exception):
    """The user's function raised (or called sys.exit): `error` is its exception."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


def call(function, *args, **kwargs):
    """The user's function called; what it raises is wrapped in CallFailed."""
    try:
        return function(*args, **kwargs)
    except (Exception, SystemExit) as error:  # pylint: disable=broad-except
        raise CallFailed(error) from None


def import_function(full_name: str):
    """The function named `package.module.function`."""
    module_name, _, function_name = full_name.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        raise FunctionNotFound(f"{type(error).__name__}: {error}") from None
    except BaseException as error:  # pylint: disable=broad-except
        # A syntax error or an exception raised while the module runs: show where.
        raise FunctionNotFound(describe(error)) from None
    if not hasattr(module, function_name):
        available = sorted(n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n)))
        raise FunctionNotFound(
            f"the module {module_name} ({getattr(module, '__file__', None)}) has no attribute "
            f"'{function_name}' (its functions: {', '.join(available) or 'none'})"
        )
    function = getattr(module, function_name)
    if not callable(function):
        raise FunctionNotFound(f"{module_name}.{function_name} is a {type(function).__name__}, not a function")
    return function, getattr(module, "__file__", None)


def describe(error: BaseException) -> str:
    """A syntax error as Python shows it (file, line, the line and a caret), else the traceback."""
    if isinstance(error, SyntaxError):
        return "".join(traceback.format_exception_only(type(error), error)).rstrip()
    return format_traceback(error)


def format_traceback(error: BaseException, skip: int = 0) -> str:
    """The traceback of `error` without its first `skip` frames (the worker's own)."""
    tb = error.__traceback__
    for _ in range(skip):
        if tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb)).rstrip()


def with_floats(params: dict, floats: list) -> dict:
    """The params with the numbers written as floats in the YAML (`1.0`) made floats again."""
    for path in floats:
        container = params
        for step in path[:-1]:
            container = container[step]
        value = container[path[-1]]
        if isinstance(value, int) and not isinstance(value, bool):
            container[path[-1]] = float(value)
    return params
