"""One audit or crawl per database, whichever working directory it runs from.

PostgreSQL: a session-level advisory lock on a connection held for the whole run (the server
frees it when the process dies) and a row naming the holder. SQLite: the row itself, inserted
under the table's primary key, with a heartbeat; a row whose heartbeat is older than
``stale_after_s`` was left by a process that died and is taken over.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.models import AuditLockRow, utcnow

_PG_KEY = 7_310_912_021  # pg_try_advisory_lock key of the audit lock


class DatabaseLocked(Exception):
    """Another audit or crawl holds this database's lock; the message says who and since when."""


@contextmanager
def database_lock(
    db: Database, *, heartbeat_s: float = 30.0, stale_after_s: float = 120.0, name: str = "audit"
) -> Iterator[str]:
    """Hold the lock for the block; yields who holds it (this process)."""
    token = secrets.token_hex(8)
    holder = f"{socket.gethostname()} pid {os.getpid()} in {Path.cwd()}"
    advisory = _advisory(db, name)
    try:
        _take(db, name, holder, token, stale_after_s, replace_any=advisory is not None)
        stop = threading.Event()
        beat = threading.Thread(target=_beat, args=(db, name, token, heartbeat_s, stop), daemon=True)
        beat.start()
        try:
            yield holder
        finally:
            stop.set()
            beat.join()
            with db.engine.begin() as connection:
                connection.execute(
                    delete(AuditLockRow).where(AuditLockRow.name == name, AuditLockRow.token == token)
                )
    finally:
        if advisory is not None:
            advisory.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_KEY})
            advisory.close()


def _advisory(db: Database, name: str) -> Connection | None:
    if db.engine.dialect.name != "postgresql":
        return None
    connection = db.engine.connect()
    got = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": _PG_KEY}).scalar()
    connection.commit()
    if not got:
        connection.close()
        raise DatabaseLocked(_message(_holder(db, name), stale_after_s=None))
    return connection


def _take(
    db: Database, name: str, holder: str, token: str, stale_after_s: float, *, replace_any: bool
) -> None:
    for _ in range(3):
        now = utcnow()
        try:
            with db.engine.begin() as connection:
                connection.execute(
                    insert(AuditLockRow).values(
                        name=name, holder=holder, token=token, since=now, heartbeat=now
                    )
                )
            return
        except IntegrityError:
            row = _holder(db, name)
            if row is None:
                continue  # released meanwhile
            left = replace_any or now - row.heartbeat > dt.timedelta(seconds=stale_after_s)
            if not left:
                raise DatabaseLocked(_message(row, stale_after_s=stale_after_s)) from None
            with db.engine.begin() as connection:  # only that holder's row: a race takes one
                connection.execute(
                    delete(AuditLockRow).where(AuditLockRow.name == name, AuditLockRow.token == row.token)
                )
    raise DatabaseLocked(_message(_holder(db, name), stale_after_s=stale_after_s))


def _holder(db: Database, name: str) -> AuditLockRow | None:
    with db.session() as session:
        return session.scalars(select(AuditLockRow).where(AuditLockRow.name == name)).first()


def _beat(db: Database, name: str, token: str, every_s: float, stop: threading.Event) -> None:
    while not stop.wait(every_s):
        try:
            with db.engine.begin() as connection:
                connection.execute(
                    update(AuditLockRow)
                    .where(AuditLockRow.name == name, AuditLockRow.token == token)
                    .values(heartbeat=utcnow())
                )
        except Exception:  # a busy database skips one beat; the stale limit spans several
            continue


def _message(row: AuditLockRow | None, *, stale_after_s: float | None) -> str:
    if row is None:
        return "另一个审计正在运行 another audit or crawl holds this database's lock"
    beat = "" if stale_after_s is None else f", heartbeat {row.heartbeat:%Y-%m-%d %H:%M:%S} UTC"
    return (
        f"另一个审计正在运行 another audit or crawl holds this database's lock: {row.holder}, "
        f"since {row.since:%Y-%m-%d %H:%M:%S} UTC{beat}"
    )
