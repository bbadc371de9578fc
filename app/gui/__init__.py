"""The desktop window: a thin Qt layer over the same core services as the CLI.

Import it lazily (`kenning gui`): the CLI must start without loading Qt.
Nothing in `app.gui.index_child` imports Qt either; the window runs it as a
child process.
"""
