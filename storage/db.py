"""Opening the database: SQLite (one file, WAL) by default, PostgreSQL by URL."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
ENV_URL = "ZWGK_DATABASE_URL"


def database_url(configured: str | None = None, data_dir: str | Path = "data") -> str:
    """``ZWGK_DATABASE_URL`` wins, then the config's URL, then ``<data_dir>/zwgk.sqlite3``."""
    url = os.environ.get(ENV_URL) or configured
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'zwgk.sqlite3'}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with Alembic (creates it on an empty database)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, revision)


@functools.cache  # the scripts do not change while the process runs
def head_revision() -> str | None:
    """The migrations' single head, read from the scripts; None when that is not clear-cut.

    Read without Alembic so that opening an up-to-date database does not load it (Alembic
    and Mako hold some 14 MB a crawl has better use for).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        own = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", source, re.M)
        down = re.search(r"^down_revision\s*=\s*(.+)$", source, re.M)
        if own is None or down is None:
            return None
        revisions.add(own.group(1))
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return None
    return rows[0] if len(rows) == 1 else None


class Database:
    """An engine and a session factory; ``open`` upgrades the schema first."""

    def __init__(self, url: str, *, data_dir: str | Path = "data") -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.ledger_dir = ledger_dir(self.engine, data_dir)

    @classmethod
    def open(cls, url: str, *, migrate: bool = True, data_dir: str | Path = "data") -> Database:
        database = cls(url, data_dir=data_dir)
        if migrate and (current_revision(database.engine) or "") != head_revision():
            upgrade(url)
        return database

    def session(self) -> Session:
        return self.sessions(info={"ledger_dir": str(self.ledger_dir)})

    def dispose(self) -> None:
        self.engine.dispose()


def ledger_dir(engine: Engine, data_dir: str | Path) -> Path:
    """Where the change log's key and anchors live (``scoring.ledger_seal``): outside the
    database, beside the SQLite file, or under the data folder per PostgreSQL database."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).resolve().parent
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{url.host or 'local'}-{url.port or ''}-{url.database or ''}")
    return Path(data_dir) / "ledger" / name
