"""Folder watching: the index follows the disk while Kenning runs.

`WatchService` (service.py) is the entry point, shared by the desktop app and
`kenning watch`. No Qt here: callbacks come from the service's own thread.
"""
