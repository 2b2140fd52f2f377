"""The audit lock lives with the database: two working directories on one database cannot both run."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import insert
from typer.testing import CliRunner

from storage.audit_lock import DatabaseLocked, database_lock
from storage.db import Database
from storage.models import AuditLockRow, utcnow
from zwgk.cli import app

ROOT = Path(__file__).resolve().parent.parent


def test_a_second_working_directory_is_refused_until_the_first_ends(
    database_url: str, tmp_path: Path
) -> None:
    first = Database.open(database_url, data_dir=tmp_path / "one")
    second = Database.open(database_url, data_dir=tmp_path / "two")
    try:
        with database_lock(first) as holder:
            with pytest.raises(DatabaseLocked) as refused, database_lock(second):
                pass
            assert holder in str(refused.value) and f"pid {os.getpid()}" in str(refused.value)
        with database_lock(second):
            pass  # released when the first ended
    finally:
        first.dispose()
        second.dispose()


def test_crawl_takes_the_lock(database_url: str, tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(
        f'[crawl]\ndata_dir = "{tmp_path / "other"}"\nrender_js = false\n'
        '[[unit]]\nid = "u"\nname = "单位"\nclass = "A"\nhomepage = "http://127.0.0.1:9/"\n',
        encoding="utf-8",
    )
    db = Database.open(database_url, data_dir=tmp_path / "mine")
    try:
        with database_lock(db) as holder:
            env = {"ZWGK_DATABASE_URL": database_url, "COLUMNS": "300"}
            result = CliRunner().invoke(app, ["crawl", "--config", str(config)], env=env)
            assert result.exit_code == 3, result.output
            assert "holds this database's lock" in result.output and holder.split(" in ")[0] in result.output
    finally:
        db.dispose()


def test_a_dead_holders_row_is_taken_over_once_stale_on_sqlite(sqlite_url: str) -> None:
    db = Database.open(sqlite_url)
    try:
        old = utcnow() - dt.timedelta(seconds=30)
        with db.engine.begin() as connection:
            row = {
                "name": "audit",
                "holder": "host pid 1 in /x",
                "token": "t",
                "since": old,
                "heartbeat": old,
            }
            connection.execute(insert(AuditLockRow).values(**row))
        with pytest.raises(DatabaseLocked, match="host pid 1 in /x"), database_lock(db, stale_after_s=60):
            pass
        with database_lock(db, stale_after_s=10):
            pass
    finally:
        db.dispose()


HOLD = """
import sys, time
from storage.db import Database
from storage.audit_lock import database_lock
with database_lock(Database.open(sys.argv[1]), heartbeat_s=0.2):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_holder_killed_with_sigkill_does_not_hold_the_lock_forever(
    database_url: str, tmp_path: Path
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, database_url], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        db = Database.open(database_url, data_dir=tmp_path)
        with pytest.raises(DatabaseLocked, match=f"pid {holder.pid}"), database_lock(db, stale_after_s=2):
            pass
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        if database_url.startswith("sqlite"):
            time.sleep(2.5)  # the heartbeat stopped: stale after 2 s
        with database_lock(db, stale_after_s=2):
            pass  # PostgreSQL freed the advisory lock with the connection at once
        db.dispose()
    finally:
        holder.kill()
        holder.wait()
