"""The second night against the first: wall time and 304 share, side by side in one run.

Night 1 audits the simulated web on its own night (2020-12-15); night 2 audits it the next
night (``zwgk audit --as-of 2020-12-16``), when the timeline changes nothing. Each night's
simulated web runs in a process of its own (as the demo's does); both nights write one SQLite
database, so night 2 sends conditional requests and applies the revisit policy. Reported per
night: the audit's wall time (crawl, measure, checks, scoring; no documents), the crawl's
own time, requests, 304s, carried pages. The goal: night 2 ≤ 0.3 of night 1, ≥ 70 % 304s.

    .venv/bin/python -m benchmarks.second_night [--units 12] [--all]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from config.loader import with_overrides
from sandbox.process import sandbox_process
from sandbox.timeline import BASE_NIGHT
from storage.db import Database, database_url
from storage.models import AuditRun
from zwgk.pipeline import AuditOptions, run_audit

NIGHTS = (BASE_NIGHT, BASE_NIGHT + dt.timedelta(days=1))


def audit_night(night: dt.date, data: Path, units: list[str] | None) -> dict[str, Any]:
    with sandbox_process(seed=1, data_dir=data / f"sandbox-{night}", night=night) as sb:
        config = with_overrides(sb.config, crawl={"data_dir": str(data)}, audit={"as_of": night})
        db = Database.open(database_url(None, str(data)))
        try:
            started = time.monotonic()
            outcome = run_audit(config, db, AuditOptions(unit_ids=units, report=False, fresh=True))
            wall = time.monotonic() - started
            with db.session() as session:
                run = session.get(AuditRun, outcome.run_id)
                assert run is not None
                crawl = dict((run.stats or {}).get("crawl", {}))
        finally:
            db.dispose()
    totals = crawl.get("totals", {})
    return {"night": night, "wall_s": wall, "crawl_s": float(crawl.get("elapsed_s", 0.0)),
            "requests": int(totals.get("fetched", 0)), "not_modified": int(totals.get("not_modified", 0)),
            "carried": int(totals.get("carried", 0)), "findings": outcome.findings}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=12, help="audit the first N units (default 12)")
    parser.add_argument("--all", action="store_true", help="audit all 51 units")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zwgk-second-night-") as tmp:
        data = Path(tmp)
        units = None
        if not args.all:
            with sandbox_process(seed=1, data_dir=data / "probe") as sb:
                units = [u.id for u in sb.config.units][: args.units]
        print(f"load before: {os.getloadavg()[0]:.2f}", flush=True)
        rows = [audit_night(night, data, units) for night in NIGHTS]
        print(f"load after: {os.getloadavg()[0]:.2f}")
    print(f"units: {'all' if units is None else len(units)}")
    print(
        f"{'night':<12}{'wall s':>9}{'crawl s':>9}{'requests':>10}{'304':>7}{'304 share':>11}{'carried':>9}{'findings':>10}"
    )
    for row in rows:
        share = row["not_modified"] / row["requests"] if row["requests"] else 0.0
        print(f"{row['night']!s:<12}{row['wall_s']:>9.1f}{row['crawl_s']:>9.1f}{row['requests']:>10}"
              f"{row['not_modified']:>7}{share:>11.2f}{row['carried']:>9}{row['findings']:>10}")  # fmt: skip
    first, second = rows
    share = second["not_modified"] / second["requests"] if second["requests"] else 0.0
    print(f"second night / first: wall {second['wall_s'] / first['wall_s']:.2f}, "
          f"crawl {second['crawl_s'] / max(first['crawl_s'], 1e-9):.2f}; 304 share {share:.2f} (goal ≤ 0.30, ≥ 0.70)")  # fmt: skip


if __name__ == "__main__":
    main()
