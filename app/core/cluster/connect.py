"""Reaching a Ray cluster: the address as Ray takes it, checked before anything is written.

Ray is an optional extra (`pip install 'kenning[cluster]'`): it is imported
only here and in the modules that run on it, and only when `--ray` is given.
An address that does not answer fails in seconds with one line, before the
index is touched (Ray itself would retry for a minute).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
from collections.abc import Iterator
from types import ModuleType
from urllib.parse import urlsplit

from app.core.errors import KenningError

# `--ray` without an address: a Ray started on this machine for the run.
LOCAL = "local"
CONNECT_TIMEOUT = 5.0
INSTALL_HINT = "install the cluster extra: pip install 'kenning[cluster]'"


def import_ray() -> ModuleType:
    """The `ray` module, or a clear error when the extra is not installed."""
    try:
        import ray
    except ImportError as exc:
        raise KenningError(f"--ray needs Ray, which is not installed here: {INSTALL_HINT}"
                           ) from exc
    return ray


def host_port(address: str) -> tuple[str, int] | None:
    """(host, port) of an explicit address (`host:port`, `ray://host:port`); None for
    `auto` and the local Ray, which Ray finds itself."""
    if address in (LOCAL, "auto"):
        return None
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        port = parts.port
    except ValueError as exc:
        raise KenningError(f"--ray {address}: not an address (host:port, ray://host:port, "
                           "auto)") from exc
    if not parts.hostname or port is None:
        raise KenningError(f"--ray {address}: give host:port, ray://host:port or auto")
    return parts.hostname, port


def check_reachable(address: str, timeout: float = CONNECT_TIMEOUT) -> None:
    """Raise a one-line KenningError unless something listens at the address."""
    target = host_port(address)
    if target is None:
        return
    try:
        with socket.create_connection(target, timeout=timeout):
            pass
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise KenningError(f"cannot reach the Ray cluster at {address}: {reason}; "
                           "nothing was indexed") from exc


@contextlib.contextmanager
def connected(address: str) -> Iterator[ModuleType]:
    """Ray, connected to the cluster at `address` (LOCAL: started here) until the block ends."""
    check_reachable(address)
    ray = import_ray()
    options: dict[str, object] = {
        "logging_level": logging.ERROR, "log_to_driver": False, "configure_logging": True}
    if address == LOCAL:  # a new Ray even when one runs here already
        options |= {"address": "local", "include_dashboard": False}
    else:
        options["address"] = address
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    # Ray prints its notices ("a worker died...") on sys.stdout, which carries Kenning's
    # own output (`--json` lines): they go to stderr while Ray is connected.
    with contextlib.redirect_stdout(sys.stderr):
        try:
            ray.init(**options)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = "a local Ray" if address == LOCAL else f"the Ray cluster at {address}"
            raise KenningError(f"cannot start or join {where}: {exc}; nothing was indexed"
                               ) from exc
        try:
            yield ray
        finally:
            ray.shutdown()
