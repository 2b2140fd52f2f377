"""One audit at a time: an exclusive lock file under the data folder, and the database's lock
(``storage/audit_lock.py``) so that two working directories on one database cannot both run."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from config.settings import StorageSettings
from storage.audit_lock import DatabaseLocked, database_lock
from storage.db import Database


class AuditLocked(Exception):
    """Another audit holds the lock; the message says which process and since when."""


@contextmanager
def audit_lock(
    data_dir: str | Path, db: Database | None = None, storage: StorageSettings | None = None
) -> Iterator[Path]:
    with _file_lock(data_dir) as path:
        if db is None:
            yield path
            return
        settings = storage or StorageSettings()
        try:
            with database_lock(
                db, heartbeat_s=settings.lock_heartbeat_s, stale_after_s=settings.lock_stale_after_s
            ):
                yield path
        except DatabaseLocked as exc:
            raise AuditLocked(str(exc)) from None


@contextmanager
def _file_lock(data_dir: str | Path) -> Iterator[Path]:
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "audit.lock"
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "{}"
            info = json.loads(holder) if holder.startswith("{") else {}
            raise AuditLocked(
                f"另一个审计正在运行 another audit is running (pid {info.get('pid', '?')}, "
                f"since {info.get('since', '?')}); lock file {path}"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps({"pid": os.getpid(), "since": dt.datetime.now().isoformat(timespec="seconds")})
        )
        handle.flush()
        yield path
    finally:
        handle.close()  # closing releases the lock
