"""The simulated web's side of the ``zwgk`` command: its commands (``zwgk sandbox …``,
``zwgk demo``) and what the product's ``--sandbox`` option runs (``zwgk.simulated``).

``zwgk.cli`` imports this module when the package is present, calls ``install()`` and lists
``COMMANDS``; the modules behind them load only when one runs (``zwgk.lazy``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from zwgk import simulated
from zwgk.console import console, fail
from zwgk.lazy import LazyCommand

if TYPE_CHECKING:
    from config.settings import AuditConfig
    from storage.snapshot import UnitSnapshot

DATA_DIR = Path("data") / "sandbox"


class Sandbox:
    """``zwgk.simulated.SimulatedWeb`` served by this package."""

    def served(self, seed: int, *, own_process: bool) -> AbstractContextManager[AuditConfig]:
        return _in_process(seed) if not own_process else _own_process(seed)

    def walk_unit(self, unit_id: str, seed: int) -> UnitSnapshot:
        from sandbox.snapshots import walk_unit

        return walk_unit(unit_id, seed=seed)  # the sandbox's own night, whatever the config's


@contextmanager
def _own_process(seed: int) -> Iterator[AuditConfig]:
    """The simulated web in a process of its own (the crawl is not slowed by serving it)."""
    from config.loader import with_overrides
    from sandbox.process import SandboxFailed, sandbox_process

    try:
        with sandbox_process(seed, DATA_DIR) as sb:
            config = with_overrides(sb.config, crawl={"data_dir": str(DATA_DIR)})
            console.print(
                f"[dim]模拟政府网站已启动 sandbox up: HTTP 127.0.0.1/[::1]:{sb.http_port}, DNS {sb.nameserver}[/]"
            )
            yield config
    except SandboxFailed as exc:
        fail(f"模拟政府网站未能启动 the simulated web did not start: {exc}")


@contextmanager
def _in_process(seed: int) -> Iterator[AuditConfig]:
    from config.loader import with_overrides
    from sandbox.server import run_sandbox

    with run_sandbox(seed=seed) as sb:
        yield with_overrides(sb.config, crawl={"data_dir": str(DATA_DIR)})


COMMANDS = [
    LazyCommand(
        name="sandbox",
        module="sandbox.cli_sandbox",
        attribute="app",
        summary="The simulated government web (模拟政府网站): serve it, show its ground truth.",
        group=True,
    ),
    LazyCommand(
        name="demo",
        module="sandbox.cli_demo",
        attribute="demo",
        summary="Start the simulated government web and audit it end to end.",
    ),
]


def install() -> None:
    simulated.install(Sandbox())
