"""Stand-in for BlueETL, used only where the interpreter has no BlueETL installed.

It provides `blueetl.constants`, which user feature functions commonly import. It is placed last
on sys.path by the worker of BlueETL for TypeScript, so that a real BlueETL always wins.
"""
