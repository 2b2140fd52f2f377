"""The hook a simulated web plugs into (the ``sandbox`` package, when it is installed).

The product never imports the simulated web. ``zwgk.cli`` loads its plugin if present
(``sandbox.cli_plugin``), which ``install``s a ``SimulatedWeb`` and adds its own commands;
the commands' ``--sandbox`` option exists only while one is installed.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

import typer

if TYPE_CHECKING:
    from config.settings import AuditConfig
    from storage.snapshot import UnitSnapshot


class SimulatedWeb(Protocol):
    def served(self, seed: int, *, own_process: bool) -> AbstractContextManager[AuditConfig]:
        """The simulated web running on loopback, as a config that audits it."""
        ...

    def walk_unit(self, unit_id: str, seed: int) -> UnitSnapshot:
        """One unit's site read in process, as a snapshot of the simulated web's own night."""
        ...


_INSTALLED: list[SimulatedWeb] = []


def install(web: SimulatedWeb) -> None:
    _INSTALLED[:] = [web]


def available() -> bool:
    return bool(_INSTALLED)


def simulated_web() -> SimulatedWeb:
    if not _INSTALLED:
        raise typer.BadParameter(
            "no simulated web installed (the sandbox package is absent)", param_hint="--sandbox"
        )
    return _INSTALLED[0]


def sandbox_option(help: str) -> Any:
    """The ``--sandbox`` flag, shown only when a simulated web is installed."""
    return typer.Option(False, "--sandbox", help=help, hidden=not available())
