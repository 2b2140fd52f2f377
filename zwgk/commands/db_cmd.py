"""``zwgk db upgrade``."""

from __future__ import annotations

from pathlib import Path

import typer

from storage.db import database_url, upgrade
from zwgk.console import ConfigOption, console, fail, load_or_fail

app = typer.Typer(help="Manage the database.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_cmd(config: Path | None = ConfigOption) -> None:
    """Create or migrate the schema (SQLite by default; ZWGK_DATABASE_URL for PostgreSQL)."""
    cfg = load_or_fail(config)
    url = database_url(cfg.settings.storage.database_url, cfg.settings.crawl.data_dir)
    try:
        upgrade(url)
    except Exception as exc:
        fail(f"migration failed: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    console.print(f"[green]schema up to date[/] at {url.split('@')[-1]}")
