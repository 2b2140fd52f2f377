"""Benchmark 2 — politeness efficiency: 50 hosts of different latencies (one hangs), 1 req/s each.

The ideal is the busiest host's pages at its rate: n requests one second apart need n − 1
seconds. The hanging host is given a timeout that outlasts that ideal, so a scheduler that let
it hold back the others would show. The figure printed is ideal over actual, where actual is
when the last answering host was done (target >= 0.9); the whole run, which ends when the
hanging host's timeout runs out, is printed beside it. Run:
``.venv/bin/python -m benchmarks.politeness [--hosts 50]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATE = 1.0  # requests per second per host (min_delay_s = 1)


def busiest_pages(hosts: int) -> int:
    """The busiest host's page count, as benchmarks._web builds the sites (6 + (i % 5) × 3)."""
    return max(6 + (i % 5) * 3 for i in range(hosts - 1))  # the last host hangs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="the hanging host's whole-fetch timeout (default: ideal + 5 s)",
    )
    args = parser.parse_args()
    # Each site is its pages plus "/" (the same page under a second URL): outlast that by 5 s.
    timeout = args.timeout if args.timeout is not None else busiest_pages(args.hosts) / RATE + 5.0

    from config.loader import with_overrides
    from config.settings import AuditConfig, Settings, UnitConfig
    from crawler.run import crawl_units
    from crawler.unit import CrawlEvent
    from storage.db import Database

    hanging = f"h{args.hosts - 1:02d}"
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks._web", "hosts", str(args.hosts)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    done_at: dict[str, float] = {}
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
                "fetch_timeout_s": timeout,
                "read_timeout_s": timeout,
                "check_out_of_scope_links": False,
            },
            # The 50 hosts stand for 50 servers; on loopback they share 127.0.0.1, so the per-IP
            # limit (meant for shared hosting platforms) is lifted here.
            politeness={
                "obey_robots": False,
                "per_host_concurrency": 2,
                "per_ip_concurrency": 1000,
                "min_delay_s": 1.0 / RATE,
            },
        )
        db = Database.open(f"sqlite:///{folder / 'polite.sqlite3'}")
        started = time.perf_counter()

        def on_event(event: CrawlEvent) -> None:
            if event.kind == "unit_done":
                done_at[event.unit_id] = time.perf_counter() - started

        print(f"load before: {os.getloadavg()[0]:.2f}")
        summary = asyncio.run(crawl_units(config, db, progress=on_event))
        whole = time.perf_counter() - started
    finally:
        server.kill()
        server.wait()
    pages = {uid: int(stats.get("pages", 0)) for uid, stats in summary.units.items()}
    busiest = max(pages.values())
    ideal = (busiest - 1) / RATE  # n requests, one second apart
    answering = max(t for uid, t in done_at.items() if uid != hanging)
    print(
        f"hosts {args.hosts}, pages {sum(pages.values())}, busiest host {busiest} pages at "
        f"{RATE:g} req/s; hanging host: {pages[hanging]} page(s), given up after {timeout:g} s"
    )
    if timeout <= ideal:
        print(f"warning: the hanging host's timeout ({timeout:g} s) does not outlast the ideal")
    print(
        f"ideal {ideal:.1f} s, actual {answering:.1f} s (last answering host done), whole run {whole:.1f} s, "
        f"efficiency {ideal / answering:.2f} (target >= 0.9)"
    )


if __name__ == "__main__":
    main()
