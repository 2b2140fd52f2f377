"""Benchmark 2 — politeness efficiency: 50 hosts of different latencies (one hangs), 1 req/s each.

Ideal time is the busiest host's pages divided by its rate (1 page/s); the figure printed is
ideal over actual (target >= 0.9): how little the scheduler wastes while staying polite and
while one host never answers. Run: ``.venv/bin/python -m benchmarks.politeness [--hosts 50]``.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=8.0, help="whole-fetch timeout (the hanging host)")
    args = parser.parse_args()

    from config.loader import with_overrides
    from config.settings import AuditConfig, Settings, UnitConfig
    from crawler.run import crawl_units
    from storage.db import Database

    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks._web", "hosts", str(args.hosts)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        http_port, dns_port = (int(x) for x in server.stdout.readline().split())
        units = [
            UnitConfig.model_validate(
                {
                    "id": f"h{i:02d}",
                    "name": f"h{i:02d}",
                    "class": "B",
                    "homepage": f"http://h{i:02d}.bench.test/",
                    "scope": [f"http://h{i:02d}.bench.test/"],
                }
            )
            for i in range(args.hosts)
        ]
        folder = Path(tempfile.mkdtemp(prefix="zwgk-polite-"))
        config = with_overrides(
            AuditConfig(path="<bench>", settings=Settings(), units=units),
            network={
                "nameservers": [f"127.0.0.1:{dns_port}"],
                "allow_private": True,
                "port_map": {"80": http_port},
            },
            crawl={
                "data_dir": str(folder),
                "render_js": False,
                "concurrent_units": args.hosts,
                "fetch_timeout_s": args.timeout,
                "read_timeout_s": args.timeout,
                "check_out_of_scope_links": False,
            },
            # The 50 hosts stand for 50 servers; on loopback they share 127.0.0.1, so the per-IP
            # limit (meant for shared hosting platforms) is lifted here.
            politeness={
                "obey_robots": False,
                "per_host_concurrency": 2,
                "per_ip_concurrency": 1000,
                "min_delay_s": 1.0,
            },
        )
        db = Database.open(f"sqlite:///{folder / 'polite.sqlite3'}")
        started = time.perf_counter()
        summary = asyncio.run(crawl_units(config, db))
        actual = time.perf_counter() - started
    finally:
        server.kill()
        server.wait()
    pages = {uid: int(stats.get("pages", 0)) for uid, stats in summary.units.items()}
    busiest = max(pages.values())
    ideal = busiest / 1.0
    hung = pages[f"h{args.hosts - 1:02d}"]
    print(
        f"hosts {args.hosts}, pages {sum(pages.values())}, busiest host {busiest} pages at 1 req/s, "
        f"hanging host: {hung} page(s) (timed out after {args.timeout:g} s)"
    )
    print(f"ideal {ideal:.1f} s, actual {actual:.1f} s, efficiency {ideal / actual:.2f} (target >= 0.9)")


if __name__ == "__main__":
    main()
