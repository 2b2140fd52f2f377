from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, select

from storage.bodies import get_body, put_body
from storage.db import Database
from storage.models import AuditRun, Fetch

TABLES = {
    "units",
    "audit_runs",
    "bodies",
    "fetches",
    "dns_answers",
    "pages",
    "links",
    "frontier",
    "probes",
    "findings",
    "inspection_results",
    "manual_entries",
    "change_log",
    "scores",
    "circulars",
}


def test_upgrade_creates_the_schema_and_round_trips(database_url: str) -> None:
    db = Database.open(database_url)
    try:
        assert set(inspect(db.engine).get_table_names()) >= TABLES
        with db.session() as session:
            run = AuditRun(as_of=dt.date(2020, 12, 15))
            session.add(run)
            session.flush()
            digest = put_body(session, "政府信息公开".encode())
            session.add(
                Fetch(run_id=run.id, url="http://www.yaodu.gov.cn/", outcome="ok", content_hash=digest)
            )
            session.commit()
        with db.session() as session:
            fetch = session.scalars(select(Fetch)).one()
            assert get_body(session, fetch.content_hash) == "政府信息公开".encode()
        Database.open(database_url).dispose()  # upgrading twice is harmless
    finally:
        db.dispose()


def test_sqlite_runs_in_wal_mode(sqlite_url: str) -> None:
    db = Database.open(sqlite_url)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    db.dispose()
