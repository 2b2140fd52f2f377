"""Shared command-line helpers: one Rich console, one way to fail with a one-line reason."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console

if TYPE_CHECKING:
    from config import AuditConfig
    from storage.db import Database

console = Console()
err_console = Console(stderr=True)

ConfigOption = typer.Option(
    None, "--config", "-c", help="Config file (default: config/sites.toml).", show_default=False
)


def fail(message: str, code: int = 2) -> NoReturn:
    err_console.print(f"[bold red]错误 error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def valid_quarter(value: str) -> str:
    if len(value) != 6 or not value[:4].isdigit() or value[4] != "Q" or value[5] not in "1234":
        fail(f"--quarter must look like 2020Q4, not {value!r}")
    return value


def load_or_fail(path: Path | None) -> AuditConfig:
    from config import ConfigError, load_config  # pydantic only for the commands that read the config

    try:
        return load_config(path)
    except ConfigError as exc:
        fail(str(exc))


def open_database(config: AuditConfig, *, migrate: bool = True) -> Database:
    from storage.db import Database, database_url  # SQLAlchemy only for the commands that use it

    url = database_url(config.settings.storage.database_url, config.settings.crawl.data_dir)
    try:
        return Database.open(url, migrate=migrate, data_dir=config.settings.crawl.data_dir)
    except Exception as exc:  # a wrong URL or an unreachable server: say which, briefly
        fail(f"cannot open the database {_redact(url)}: {type(exc).__name__}: {exc}".splitlines()[0])


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url
