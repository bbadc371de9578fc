"""The desktop window: a thin Qt layer over the same core services as the CLI.

Import it lazily (`kenning gui`): the CLI must start without loading Qt.
The window's child processes (indexing, watching: `app.core.processes`) import
no Qt; nothing here imports `app.cli`.
"""
