"""The Python side of BlueETL for TypeScript: runs the user's feature and trial-steps functions.

Node.js starts one long-lived worker per run and talks to it over the worker's stdin and stdout
with length-prefixed frames (a JSON header and binary parts, Arrow IPC streams for tables).
"""
