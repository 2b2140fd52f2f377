"""The simulated web's side of the ``zwgk`` command: its commands (``zwgk sandbox …``,
``zwgk demo``) and what the product's ``--sandbox`` option runs (``zwgk.simulated``).

``zwgk.cli`` imports this module when the package is present and calls ``register(app)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import typer

from config.loader import with_overrides
from config.settings import AuditConfig
from storage.snapshot import UnitSnapshot
from zwgk import simulated
from zwgk.console import console, fail

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
    from sandbox.server import run_sandbox

    with run_sandbox(seed=seed) as sb:
        yield with_overrides(sb.config, crawl={"data_dir": str(DATA_DIR)})


simulated.install(Sandbox())


def register(app: typer.Typer) -> None:
    from sandbox.cli_demo import demo
    from sandbox.cli_sandbox import app as sandbox_app

    app.add_typer(sandbox_app, name="sandbox")
    app.command("demo")(demo)
