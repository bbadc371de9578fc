"""Kenning's search-quality evaluation: hand-written queries over pinned real projects.

Used by `make quality` (`python -m app.quality`) to write
docs/QUALITY.md. A development tool: nothing here runs when the app searches.
"""
