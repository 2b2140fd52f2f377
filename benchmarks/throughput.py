"""Benchmark 1 — throughput: this crawler (WARC and storage on) vs Scrapy, side by side.

Both crawl the sandbox generator's 5,000-page site on loopback with the same concurrency, no
delays and robots off. Each runs in its own process; pages/s and peak RSS are printed for
each, and the ratio. Run: ``.venv/bin/python -m benchmarks.throughput [--pages 5000]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "bench.linfen.gov.cn"


def prepare_zwgk() -> Path:
    """A data folder whose database schema exists, made the way an operator's set-up makes it
    (``zwgk db upgrade``), so the measured process is the crawl, not the schema migration."""
    from storage.db import Database

    folder = Path(tempfile.mkdtemp(prefix="zwgk-bench-"))
    Database.open(f"sqlite:///{folder / 'bench.sqlite3'}").engine.dispose()
    return folder


def run_zwgk(http_port: int, dns_port: int, concurrency: int, folder: Path) -> dict[str, float]:
    import asyncio

    from config.loader import with_overrides
    from config.settings import AuditConfig, Settings, UnitConfig
    from crawler.run import crawl_units
    from storage.db import Database

    unit = UnitConfig.model_validate(
        {
            "id": "bench",
            "name": "基准",
            "class": "A",
            "homepage": f"http://{HOST}/",
            "scope": [f"http://{HOST}/"],
        }
    )
    config = with_overrides(
        AuditConfig(path="<bench>", settings=Settings(), units=[unit]),
        network={
            "nameservers": [f"127.0.0.1:{dns_port}"],
            "allow_private": True,
            "port_map": {"80": http_port},
        },
        crawl={"data_dir": str(folder), "render_js": False, "page_budget_per_unit": 100_000, "max_depth": 20},
        politeness={
            "obey_robots": False,
            "per_host_concurrency": concurrency,
            "per_ip_concurrency": concurrency,
            "min_delay_s": 0.0,
        },
    )
    db = Database.open(f"sqlite:///{folder / 'bench.sqlite3'}")
    started = time.perf_counter()
    summary = asyncio.run(crawl_units(config, db))
    elapsed = time.perf_counter() - started
    return {"pages": summary.pages, "seconds": elapsed}


def run_scrapy(http_port: int, concurrency: int) -> dict[str, float]:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    count = {"pages": 0}

    class Bench(scrapy.Spider):  # type: ignore[misc]
        name = "bench"
        start_urls = [f"http://127.0.0.1:{http_port}/"]

        def parse(self, response: scrapy.http.Response) -> object:
            count["pages"] += 1
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, callback=self.parse)

    process = CrawlerProcess(
        settings={
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "CONCURRENT_REQUESTS_PER_IP": 0,
            "DOWNLOAD_DELAY": 0,
            "ROBOTSTXT_OBEY": False,
            "LOG_LEVEL": "ERROR",
            "TELNETCONSOLE_ENABLED": False,
            "DEFAULT_REQUEST_HEADERS": {"Host": HOST},
            "COOKIES_ENABLED": False,
            "RETRY_ENABLED": False,
            "AUTOTHROTTLE_ENABLED": False,
            "DEPTH_LIMIT": 0,
        }
    )
    process.crawl(Bench)
    started = time.perf_counter()
    process.start()
    return {"pages": count["pages"], "seconds": time.perf_counter() - started}


def worker(kind: str, http_port: int, dns_port: int, concurrency: int, data: str | None) -> None:
    result = (
        run_zwgk(http_port, dns_port, concurrency, Path(data or prepare_zwgk()))
        if kind == "zwgk"
        else run_scrapy(http_port, concurrency)
    )
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["pages_per_s"] = result["pages"] / result["seconds"]
    print(json.dumps(result), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--worker", choices=["zwgk", "scrapy"])
    parser.add_argument("--http", type=int)
    parser.add_argument("--dns", type=int)
    parser.add_argument("--data", help="zwgk worker: a data folder prepared by prepare_zwgk()")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.http, args.dns, args.concurrency, args.data)
        return
    data = prepare_zwgk()
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks._web", "bench", str(args.pages)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        http_port, dns_port = (int(x) for x in server.stdout.readline().split())
        results = {}
        for kind in ("scrapy", "zwgk"):
            out = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.throughput",
                    "--worker",
                    kind,
                    "--http",
                    str(http_port),
                    "--dns",
                    str(dns_port),
                    "--concurrency",
                    str(args.concurrency),
                    "--data",
                    str(data),
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            results[kind] = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        server.kill()
        server.wait()
    print(f"{'crawler':<8} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'peak RSS MB':>12}")
    for kind, r in results.items():
        print(
            f"{kind:<8} {r['pages']:>6} {r['seconds']:>8.1f} {r['pages_per_s']:>8.1f} {r['peak_rss_mb']:>12.1f}"
        )
    ratio = results["zwgk"]["pages_per_s"] / results["scrapy"]["pages_per_s"]
    memory = results["zwgk"]["peak_rss_mb"] / results["scrapy"]["peak_rss_mb"]
    print(f"ratio zwgk/scrapy: {ratio:.2f}x pages/s (target >= 1.5), {memory:.2f}x peak RSS (target <= 1.0)")


if __name__ == "__main__":
    main()
